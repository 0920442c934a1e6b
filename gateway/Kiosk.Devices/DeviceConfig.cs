using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiosk.Devices;

/// <summary>
/// A button's settings file, written at enrolment: flashed to an ESP32 (with Wi-Fi filled in) or read by the simulator.
/// The member names match the firmware's <c>ButtonSettings</c>. It holds the device secret: keep it like a key (0600).
/// </summary>
public sealed record DeviceConfig(
    [property: JsonPropertyName("deviceId")] string DeviceId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("assembly")] string Assembly,
    [property: JsonPropertyName("brokerHost")] string BrokerHost,
    [property: JsonPropertyName("brokerPort")] int BrokerPort,
    [property: JsonPropertyName("wifiSsid")] string WifiSsid = "",
    [property: JsonPropertyName("wifiPassword")] string WifiPassword = "")
{
    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, DevicesJson.Indented.DeviceConfig);

    /// <summary>Writes the file with owner-only permissions.</summary>
    public void Write(string path)
    {
        File.WriteAllText(path, ToJson());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Reads a settings file.</summary>
    public static DeviceConfig Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), DevicesJson.Default.DeviceConfig) ?? throw new InvalidDataException($"{path} is not a device config");
}
