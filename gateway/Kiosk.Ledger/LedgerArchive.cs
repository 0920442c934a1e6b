using System.Text.Json;
using System.Text.Json.Serialization;

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

    // Base64 and hex need no escaping; the relaxed encoder keeps '+' and '/' readable (a file, not HTML).
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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
        await writer.WriteLineAsync(JsonSerializer.Serialize(new Header(FormatName, Version, ledger.Assembly?.ToString(), events.Count), Options).AsMemory(), cancellationToken);
        foreach (var e in events)
            await writer.WriteLineAsync(JsonSerializer.Serialize(new Line(e.Author.ToHex(), e.Seq, e.Id.ToHex(), e.Kind, Convert.ToBase64String(e.Raw)), Options).AsMemory(), cancellationToken);
        return events.Count;
    }

    /// <summary>Reads an archive into raw events, or says which line is wrong and how.</summary>
    public static async Task<(Header Header, List<byte[]> Events)> ReadAsync(Stream source, string name, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(source, leaveOpen: true);
        var first = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException($"{name}: the file is empty");
        Header header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(first, Options) ?? throw new InvalidDataException($"{name}:1: header is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}:1: not a kiosk ledger header ({e.Message})", e);
        }
        if (header.Format != FormatName) throw new InvalidDataException($"{name}:1: format is '{header.Format}', expected '{FormatName}'");
        if (header.Version != Version) throw new InvalidDataException($"{name}:1: archive version {header.Version}; this program reads version {Version}");

        var events = new List<byte[]>();
        var lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            if (text.Length == 0) continue;
            Line line;
            byte[] raw;
            try
            {
                line = JsonSerializer.Deserialize<Line>(text, Options) ?? throw new InvalidDataException($"{name}:{lineNumber}: line is null");
                raw = Convert.FromBase64String(line.Raw ?? throw new InvalidDataException($"{name}:{lineNumber}: no raw field"));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new InvalidDataException($"{name}:{lineNumber}: not an event line ({e.Message})", e);
            }
            if (EventEncoding.IdOf(raw).ToHex() != line.Id)
                throw new InvalidDataException($"{name}:{lineNumber}: id {line.Id} does not match the event's bytes: the line was altered");
            events.Add(raw);
        }
        if (events.Count != header.Events) throw new InvalidDataException($"{name}: header announces {header.Events} events but the file holds {events.Count} (truncated?)");
        return (header, events);
    }
}
