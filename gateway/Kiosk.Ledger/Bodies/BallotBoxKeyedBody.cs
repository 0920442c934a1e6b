using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>
/// A gateway declares its ballot box: the public key whose feed takes this gateway's secret votes. <see cref="Proof"/> is
/// the box key's Ed25519 signature over <see cref="BallotBoxKey.ProofMessage"/> (the assembly and the gateway's key), so
/// a gateway can only declare a box whose private key it holds: nobody can claim another gateway's box as theirs.
/// </summary>
public sealed record BallotBoxKeyedBody(string Box, string Proof) : ICheckedBody
{
    /// <summary>Length of <see cref="Proof"/> in hex digits (a 64-byte signature).</summary>
    public const int ProofHexLength = 128;

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.BallotBoxKeyedBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.Key("box", Box),
        Proof is { Length: ProofHexLength } && Proof.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')
            ? null : $"proof must be a signature in {ProofHexLength} lower-case hex digits");
}
