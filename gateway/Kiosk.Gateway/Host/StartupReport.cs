using Kiosk.Mesh.Peers;

namespace Kiosk.Gateway.Host;

/// <summary>
/// The start-up lines at Information: the program's and the runtime's versions, the data folder, each listening
/// address and the configured peers, so a journal read after a problem says what was running and where.
/// </summary>
internal static class StartupReport
{
    /// <summary>Writes the start-up lines of <paramref name="host"/>.</summary>
    public static void Log(ILogger log, GatewayOptions options, GatewayHost host)
    {
        var version = typeof(GatewayHost).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        log.LogInformation("Kiosk {Version} on .NET {Runtime} ({Os}, {Architecture}), gateway key {Key} of assembly \"{Assembly}\"",
            version, Environment.Version, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture, options.GatewayKeyName, host.Context.AssemblyName);
        log.LogInformation("Data folder {Path}", options.DataPath);
        log.LogInformation("Listening: kiosk and board {Resident}, console {Console}, device broker {Broker}, peer listener {Peers}",
            host.ResidentUri, host.ConsoleUri, host.DeviceBrokerUri?.ToString() ?? "none", host.PeerUri?.ToString() ?? "none");
        log.LogInformation("Console certificate SHA-256 {Fingerprint} ({Scheme})", host.ConsoleFingerprint,
            options.ConsoleHttps ? "served: HTTPS console" : "not served: the console is plain HTTP on loopback");
        var book = PeerBook.Load(host.Context.Data.PeersPath, out _);
        var peers = book?.Peers.Select(p => $"{p.Name} ({p.Url})").ToList() ?? [];
        log.LogInformation("Peers configured: {Peers}; discovery on the LAN {Discovery}", peers.Count == 0 ? "none" : string.Join(", ", peers),
            options.Discovery && options.PeerPort is not null ? "on" : "off");
    }
}
