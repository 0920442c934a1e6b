using System.Text.Json;

namespace Kiosk.Gateway.Data;

/// <summary>
/// A small settings file (<c>hub.json</c> of a hub, <c>mesh/uplink.json</c> of a gateway): written owner-only, since a
/// PostgreSQL connection string may hold a password.
/// </summary>
public sealed record HubSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The hub's PostgreSQL connection string (a hub's file only).</summary>
    public string? Postgres { get; init; }

    /// <summary>The shared broker, <c>mqtt://HOST:PORT</c>.</summary>
    public string? Broker { get; init; }

    /// <summary>Reads the file; null when there is none. <see cref="UserErrorException"/> when it is not readable settings.</summary>
    public static HubSettings? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<HubSettings>(File.ReadAllText(path), Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not a settings file ({e.Message}); fix or remove it");
        }
    }

    /// <summary>Writes the file (mode 0600).</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The broker as a URI; <see cref="UserErrorException"/> naming the problem when it is not <c>mqtt://HOST:PORT</c>.</summary>
    public static Uri ParseBroker(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "mqtt" || uri.Port <= 0 || uri.AbsolutePath is not ("" or "/"))
            throw new UserErrorException($"'{text}' is not a broker address: give mqtt://HOST:PORT");
        return uri;
    }
}
