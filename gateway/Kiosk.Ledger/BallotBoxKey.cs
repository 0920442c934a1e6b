using System.Security.Cryptography;
using System.Text;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger;

/// <summary>
/// A gateway's ballot box key (docs/secrecy.md, docs/ledger-format.md "Ballot boxes"): an Ed25519 key whose 32-byte
/// seed is HMAC-SHA256(key = the gateway's seed, message = "kiosk/v1/ballot-box"). It is derived, not stored: no second
/// key file to lose or leak, and a gateway restored from its key file gets the same box back.
/// </summary>
public static class BallotBoxKey
{
    /// <summary>The HMAC message of the derivation.</summary>
    public const string Label = "kiosk/v1/ballot-box";

    /// <summary>The prefix of the message a box signs to prove which gateway it belongs to.</summary>
    public const string ProofLabel = "kiosk/v1/ballot-box-of";

    /// <summary>The ballot box key pair of <paramref name="gateway"/> (the caller disposes it).</summary>
    public static AuthorKeyPair Derive(AuthorKeyPair gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var seed = gateway.ExportSeed();
        var boxSeed = new byte[32];
        try
        {
            HMACSHA256.HashData(seed, Encoding.ASCII.GetBytes(Label), boxSeed);
            return AuthorKeyPair.FromSeed(boxSeed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(boxSeed);
        }
    }

    /// <summary>"kiosk/v1/ballot-box-of" ‖ assembly id (16 bytes) ‖ gateway key (32 bytes): what the box signs.</summary>
    public static byte[] ProofMessage(AssemblyId assembly, Bytes32 gateway)
    {
        var label = Encoding.ASCII.GetBytes(ProofLabel);
        var message = new byte[label.Length + AssemblyId.Length + Bytes32.Length];
        label.CopyTo(message, 0);
        assembly.Write(message.AsSpan(label.Length));
        gateway.Write(message.AsSpan(label.Length + AssemblyId.Length));
        return message;
    }

    /// <summary>The body of the <c>BallotBoxKeyed</c> event by which <paramref name="gateway"/> declares <paramref name="box"/>.</summary>
    public static BallotBoxKeyedBody Declaration(AssemblyId assembly, Bytes32 gateway, AuthorKeyPair box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var signature = new byte[EventEncoding.SignatureLength];
        box.Sign(ProofMessage(assembly, gateway), signature);
        return new BallotBoxKeyedBody(box.PublicKey.ToHex(), Convert.ToHexStringLower(signature));
    }

    /// <summary>Whether <paramref name="body"/>'s proof is the box's signature for <paramref name="gateway"/> in <paramref name="assembly"/>.</summary>
    public static bool ProofHolds(BallotBoxKeyedBody body, AssemblyId assembly, Bytes32 gateway)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Bytes32.TryParseHex(body.Box, out var box)
            && SignatureVerifier.Verify(box, ProofMessage(assembly, gateway), Convert.FromHexString(body.Proof));
    }
}
