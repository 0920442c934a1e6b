using System.Globalization;

namespace Kiosk.Ledger.CrashWriter;

/// <summary>
/// The line the writer prints after each append has committed: <c>ack AUTHOR SEQ ID</c> (hex keys and ids).
/// A line on stdout is the writer's promise that the event is durable.
/// </summary>
public readonly record struct AckLine(Bytes32 Author, long Seq, Bytes32 Id)
{
    private const string Prefix = "ack ";

    /// <summary>The line for a committed event.</summary>
    public static string Format(LedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{e.Author.ToHex()} {e.Seq} {e.Id.ToHex()}");
    }

    /// <summary>Parses an ack line; false for any other line.</summary>
    public static bool TryParse(string? line, out AckLine ack)
    {
        ack = default;
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = line[Prefix.Length..].Split(' ');
        if (parts.Length != 3 || !Bytes32.TryParseHex(parts[0], out var author) || !Bytes32.TryParseHex(parts[2], out var id)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            return false;
        ack = new AckLine(author, seq, id);
        return true;
    }
}
