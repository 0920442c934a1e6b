using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kiosk.Mesh.Peers;

/// <summary>
/// The peers a gateway dials, kept in a small JSON file in its data folder (<c>kiosk peer add/list/remove</c>):
/// <c>{"peers":[{"name":"hall","url":"mqtts://192.168.1.20:8883"}]}</c>. Changes are written atomically.
/// </summary>
public sealed partial class PeerBook
{
    private readonly List<PeerEntry> _peers;

    private PeerBook(string path, List<PeerEntry> peers)
    {
        Path = path;
        _peers = peers;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The peers, in the order added.</summary>
    public IReadOnlyList<PeerEntry> Peers => _peers;

    /// <summary>Reads the book at <paramref name="path"/> (empty when the file does not exist); null with the problem when it cannot be read.</summary>
    public static PeerBook? Load(string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        problem = null;
        if (!File.Exists(path)) return new PeerBook(path, []);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var peers = new List<PeerEntry>();
            if (!document.RootElement.TryGetProperty("peers", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                problem = $"{path} has no \"peers\" list";
                return null;
            }
            foreach (var item in list.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                var url = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                if (Check(name, url, out var entry) is { } bad)
                {
                    problem = $"{path}: {bad}";
                    return null;
                }
                peers.Add(entry!);
            }
            return new PeerBook(path, peers);
        }
        catch (JsonException e)
        {
            problem = $"{path} is not valid JSON ({e.Message})";
            return null;
        }
    }

    /// <summary>Adds a peer; null when added, else why not (nothing changes).</summary>
    public string? Add(string name, string url)
    {
        if (Check(name, url, out var entry) is { } problem) return problem;
        if (_peers.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal))) return $"a peer named '{name}' exists already (remove it first)";
        if (_peers.FirstOrDefault(p => p.Url == entry!.Url) is { } same) return $"peer '{same.Name}' has that address already";
        _peers.Add(entry!);
        Save();
        return null;
    }

    /// <summary>Removes a peer; null when removed, else why not.</summary>
    public string? Remove(string name)
    {
        if (_peers.RemoveAll(p => string.Equals(p.Name, name, StringComparison.Ordinal)) == 0)
            return $"no peer named '{name}'" + (_peers.Count == 0 ? " (none are configured)" : $" (configured: {string.Join(", ", _peers.Select(p => p.Name))})");
        Save();
        return null;
    }

    /// <summary>Checks a name and url; null with the entry when both are usable.</summary>
    public static string? Check(string? name, string? url, out PeerEntry? entry)
    {
        entry = null;
        if (name is null || !NamePattern().IsMatch(name)) return $"'{name}' is not a usable peer name (1–64 letters, digits, '-' and '_')";
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "mqtts" || string.IsNullOrEmpty(uri.Host) || uri.IsDefaultPort || uri.Port is < 1 or > 65535
            || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            return $"'{url}' is not a peer address: use mqtts://HOST:PORT (the other gateway's peer port)";
        entry = new PeerEntry(name, new Uri($"mqtts://{uri.Authority}"));
        return null;
    }

    private void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var temporary = Path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("peers");
            foreach (var peer in _peers)
            {
                writer.WriteStartObject();
                writer.WriteString("name", peer.Name);
                writer.WriteString("url", peer.Url.ToString().TrimEnd('/'));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        File.Move(temporary, Path, overwrite: true);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
