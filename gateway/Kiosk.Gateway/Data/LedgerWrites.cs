using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Gateway.Data;

/// <summary>Authoring one event from the command line: sign, commit, and turn a refusal into a clear error.</summary>
public static class LedgerWrites
{
    /// <summary>Appends and returns the committed event, or throws <see cref="UserErrorException"/> with the refusal's reason.</summary>
    public static async Task<LedgerEvent> AppendOrFailAsync<T>(this Kiosk.Ledger.Ledger ledger, AuthorKeyPair author, string kind, T body, CancellationToken cancellationToken)
        where T : ICheckedBody
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var result = await ledger.AppendAsync(author, kind, BodyJson.Write(body), cancellationToken);
        return result.Event ?? throw new UserErrorException($"{kind} refused ({result.Rejection!.Code}): {result.Rejection.Message}");
    }

    /// <summary>A public key given on the command line, or a clear error.</summary>
    public static Bytes32 ParseKey(string text, string option) =>
        Bytes32.TryParseHex(text.Trim().ToLowerInvariant(), out var key) ? key : throw new UserErrorException($"{option} must be a public key of 64 hex digits, got '{text}'");
}
