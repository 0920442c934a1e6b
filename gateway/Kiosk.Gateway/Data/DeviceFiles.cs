using Kiosk.Ledger;

namespace Kiosk.Gateway.Data;

/// <summary>Where the devices side keeps its files in the data folder: <c>devices.db</c> (secrets, counters) and <c>devices/ID.json</c>.</summary>
public static class DeviceFiles
{
    /// <summary>The device registry.</summary>
    public static string RegistryPath(DataFolder data) => Path.Combine(data.Root.FullName, "devices.db");

    /// <summary>The folder of device settings files.</summary>
    public static string ConfigFolder(DataFolder data) => Path.Combine(data.Root.FullName, "devices");

    /// <summary>The gateway key named <paramref name="name"/>, or the only <c>gateway-*.key</c> when none is named.</summary>
    public static (string Name, AuthorKeyPair Key) GatewayKey(DataFolder data, string? name)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (name is null)
        {
            var candidates = Directory.Exists(data.KeysPath)
                ? Directory.GetFiles(data.KeysPath, "gateway-*.key").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()
                : [];
            if (candidates.Count == 0) throw new UserErrorException($"no gateway key in {data.KeysPath}: enrol one with `kiosk gateway enrol --name NAME`, or name it with --gateway");
            if (candidates.Count > 1) throw new UserErrorException($"several gateway keys ({string.Join(", ", candidates)}): say which this gateway is with --gateway NAME");
            name = candidates[0]!;
        }
        return (name, data.ReadKey(name));
    }
}
