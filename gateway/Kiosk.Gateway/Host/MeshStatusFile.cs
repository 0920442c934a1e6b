using System.Text.Json;
using Kiosk.Mesh;

namespace Kiosk.Gateway.Host;

/// <summary>
/// <c>mesh/status.json</c>: what the running gateway sees of its mesh, rewritten (atomically) every second, so
/// <c>kiosk peer list</c> and <c>kiosk status</c> can show it from another process. Plain JSON; no secrets.
/// </summary>
public sealed record MeshStatusFile
{
    // Members with defaults are constructor parameters: a source-generated contract sets every init-only property it knows,
    // so a member missing from the JSON would get default(T) instead of the default here (dotnet/runtime#84484).
    /// <summary>A status with no members and no rolled-back feeds, unless given.</summary>
    [System.Text.Json.Serialization.JsonConstructor]
    public MeshStatusFile(IReadOnlyList<Member>? members = null, IReadOnlyList<RolledBack>? rolledBackFeeds = null)
    {
        Members = members ?? [];
        RolledBackFeeds = rolledBackFeeds ?? [];
    }

    /// <summary>When it was written.</summary>
    public required DateTimeOffset Written { get; init; }

    /// <summary>This gateway's key.</summary>
    public required string Node { get; init; }

    /// <summary>Its state hash.</summary>
    public required string StateHash { get; init; }

    /// <summary>Events held.</summary>
    public long Events { get; init; }

    /// <summary>The peer listener (<c>mqtts://…</c>), when one runs.</summary>
    public string? Listening { get; init; }

    /// <summary>Gateways known to hold this state, this one included (N of "in step with N of M gateways").</summary>
    public int InStepWith { get; init; }

    /// <summary>Active gateways enrolled, this one included (M).</summary>
    public int Gateways { get; init; }

    /// <summary>Each active gateway: in step or not, its state as last heard.</summary>
    public IReadOnlyList<Member> Members { get; init; }

    /// <summary>Refused peer connections.</summary>
    public long RefusedConnections { get; init; }

    /// <summary>Each peer.</summary>
    public required IReadOnlyList<Peer> Peers { get; init; }

    /// <summary>Why this gateway writes nothing now (its own feed rolled back and being recovered from peers), or null.</summary>
    public string? Recovering { get; init; }

    /// <summary>Feeds written here that end before their head record: what it still waits for.</summary>
    public IReadOnlyList<RolledBack> RolledBackFeeds { get; init; }

    /// <summary>One rolled-back feed: its key, the last seq here, the seq it must get back to, and where that was seen.</summary>
    public sealed record RolledBack(string Key, long Here, long Record, string? SeenAt);

    /// <summary>One peer's line.</summary>
    public sealed record Peer(string Name, string? Key, string? Url, bool Connected, string? Direction, DateTimeOffset? ConnectedSince, DateTimeOffset? LastContact,
        long EventsBehind, long EventsAhead, bool InStep, string? StateHash, long BytesSent, long BytesReceived, long EventsSent, long EventsReceived,
        long Duplicates, long Refusals, long LiveOverflows, string? LastProblem, DateTimeOffset? BannedUntil);

    /// <summary>One active gateway's line.</summary>
    public sealed record Member(string Name, string Key, bool Self, bool InStep, bool Linked, string? StateHash, long? Held);

    /// <summary>The file's content for <paramref name="status"/>.</summary>
    public static MeshStatusFile From(MeshStatus status, DateTimeOffset now, Uri? listening)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new MeshStatusFile
        {
            Written = now,
            Node = status.Node.ToHex(),
            StateHash = status.StateHash.ToHex(),
            Events = status.Events,
            Listening = listening?.ToString().TrimEnd('/'),
            InStepWith = status.InStepWith,
            Gateways = status.Gateways,
            RefusedConnections = status.RefusedConnections,
            Recovering = status.Recovering,
            RolledBackFeeds = [.. status.RolledBack.Select(f => new RolledBack(f.Author.ToHex(), f.Here, f.Record, f.SeenAt))],
            Members = [.. status.Members.Select(m => new Member(m.Name, m.Key.ToHex(), m.IsSelf, m.InStep, m.Linked, m.StateHash?.ToHex(), m.Held))],
            Peers = [.. status.Peers.Select(p => new Peer(p.Name, p.Key?.ToHex(), p.Url?.ToString().TrimEnd('/'), p.Connected, p.Direction?.ToString().ToLowerInvariant(),
                p.ConnectedSince, p.LastContact, p.EventsBehind, p.EventsAhead, p.InStep, p.StateHash?.ToHex(), p.Metrics.BytesSent, p.Metrics.BytesReceived,
                p.Metrics.EventsSent, p.Metrics.EventsReceived, p.Metrics.Duplicates, p.Metrics.Refusals, p.Metrics.LiveOverflows, p.LastProblem, p.BannedUntil))],
        };
    }

    /// <summary>Writes the file atomically.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, GatewayJson.Default.MeshStatusFile));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the file; null when there is none or it cannot be read.</summary>
    public static MeshStatusFile? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), GatewayJson.Default.MeshStatusFile) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }
}
