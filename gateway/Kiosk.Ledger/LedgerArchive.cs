using System.Text.Json;
using System.Text.Json.Serialization;
using Kiosk.Ledger.Internal;

namespace Kiosk.Ledger;

/// <summary>
/// The portable ledger file (docs/ledger-format.md, "Archive"): JSON Lines. The first line is a header
/// <c>{"format":"kiosk-ledger","version":1,"assembly":…,"events":N}</c>; each further line is one event
/// <c>{"author","seq","id","kind","raw"}</c> with <c>raw</c> the canonical bytes in base64. Only <c>raw</c> is
/// trusted on import; the other fields are there for people and tools, and are checked against it.
/// </summary>
public static class LedgerArchive
{
    /// <summary>The header's format name.</summary>
    public const string FormatName = "kiosk-ledger";

    /// <summary>The archive version this code writes and reads.</summary>
    public const int Version = 1;

    private static readonly ArchiveJson Json = ArchiveJson.Create();

    /// <summary>
    /// The longest line a reader takes, in bytes: an event line of the largest event (<see cref="EventEncoding.MaxLength"/>,
    /// in base64) with room for its other fields. A longer line is refused as soon as this many bytes are read, so a
    /// hostile file costs a reader this much memory and no more.
    /// </summary>
    public const int MaxLineBytes = (EventEncoding.MaxLength + 2) / 3 * 4 + 1024;

    /// <summary>Header line.</summary>
    public sealed record Header(string Format, int Version, string? Assembly, long Events);

    /// <summary>Event line.</summary>
    public sealed record Line(string Author, long Seq, string Id, string Kind, string Raw);

    /// <summary>Writes every event of <paramref name="ledger"/>, the genesis first, then feed by feed in seq order.</summary>
    public static async Task<long> WriteAsync(Ledger ledger, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var events = ledger.ReadAll().OrderBy(e => e.Kind == EventKinds.AssemblyFounded ? 0 : 1).ToList();
        await using var writer = new StreamWriter(destination, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(JsonSerializer.Serialize(new Header(FormatName, Version, ledger.Assembly?.ToString(), events.Count), Json.Header).AsMemory(), cancellationToken);
        foreach (var e in events)
            await writer.WriteLineAsync(JsonSerializer.Serialize(new Line(e.Author.ToHex(), e.Seq, e.Id.ToHex(), e.Kind, Convert.ToBase64String(e.Raw)), Json.Line).AsMemory(), cancellationToken);
        return events.Count;
    }

    /// <summary>
    /// Reads an archive into raw events, or says which line is wrong and how: a line longer than <see cref="MaxLineBytes"/>,
    /// an event whose bytes do not match its id, or an event of another assembly than the header names.
    /// </summary>
    public static async Task<(Header Header, List<byte[]> Events)> ReadAsync(Stream source, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new BoundedLineReader(source, name, MaxLineBytes);
        var first = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException($"{name}: the file is empty");
        Header header;
        try
        {
            header = JsonSerializer.Deserialize(first, Json.Header) ?? throw new InvalidDataException($"{name}:1: header is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}:1: not a kiosk ledger header ({e.Message})", e);
        }
        if (header.Format != FormatName) throw new InvalidDataException($"{name}:1: format is '{header.Format}', expected '{FormatName}'");
        if (header.Version != Version) throw new InvalidDataException($"{name}:1: archive version {header.Version}; this program reads version {Version}");

        var events = new List<byte[]>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            var lineNumber = reader.LineNumber;
            if (text.Length == 0) continue;
            Line line;
            byte[] raw;
            try
            {
                line = JsonSerializer.Deserialize(text, Json.Line) ?? throw new InvalidDataException($"{name}:{lineNumber}: line is null");
                raw = Convert.FromBase64String(line.Raw ?? throw new InvalidDataException($"{name}:{lineNumber}: no raw field"));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new InvalidDataException($"{name}:{lineNumber}: not an event line ({e.Message})", e);
            }
            if (EventEncoding.IdOf(raw).ToHex() != line.Id)
                throw new InvalidDataException($"{name}:{lineNumber}: id {line.Id} does not match the event's bytes: the line was altered");
            // The header's assembly is what an import into a new folder is checked against: every event must agree with it,
            // or the file was stitched together from two assemblies (an undecodable event is left for the ledger to refuse).
            if (EventEncoding.TryDecode(raw, out var decoded, out _) && decoded.Assembly.ToString() != header.Assembly)
                throw new InvalidDataException($"{name}:{lineNumber}: the event belongs to assembly {decoded.Assembly} but the header names {header.Assembly ?? "none"}");
            events.Add(raw);
            ids.Add(line.Id);
        }
        // A line repeated (a file joined twice, say) is no loss: the import counts it as a duplicate. Missing events are.
        if (ids.Count != header.Events) throw new InvalidDataException($"{name}: header announces {header.Events} events but the file holds {ids.Count} different ones (truncated?)");
        return (header, events);
    }
}
