using System.Text.Json;

namespace Kiosk.Gateway.Data;

/// <summary>
/// <c>mesh/join.json</c> of a new gateway's folder (<c>kiosk hub request --assembly --name</c>): what it asked the hub
/// for, so <c>kiosk hub join</c> takes only the bundle of that assembly, from that hub, for that key.
/// </summary>
public sealed record JoinRecord(string Assembly, string Hub, string Name, string KeyName)
{
    /// <summary>Reads the record; null when there is none.</summary>
    public static JoinRecord? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), GatewayJson.Default.JoinRecord);
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not readable ({e.Message}); remove it and run kiosk hub request again");
        }
    }

    /// <summary>Writes the record.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, GatewayJson.Default.JoinRecord));
    }
}
