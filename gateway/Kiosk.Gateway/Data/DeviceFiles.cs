namespace Kiosk.Gateway.Data;

/// <summary>Where the devices side keeps its files in the data folder: <c>devices.db</c> (secrets, counters) and <c>devices/ID.json</c>.</summary>
public static class DeviceFiles
{
    /// <summary>The device registry.</summary>
    public static string RegistryPath(DataFolder data) => Path.Combine(data.Root.FullName, "devices.db");

    /// <summary>The folder of device settings files.</summary>
    public static string ConfigFolder(DataFolder data) => Path.Combine(data.Root.FullName, "devices");
}
