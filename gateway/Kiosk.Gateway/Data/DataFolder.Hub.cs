using Kiosk.Ledger;

namespace Kiosk.Gateway.Data;

/// <summary>
/// The hub's files, when the data folder is a hub's (<c>kiosk hub init</c>): <c>hub.json</c> (its database and broker,
/// owner-only), <c>keys/hub.key</c>, <c>mesh/hub.pfx</c>, <c>heads/ASSEMBLY/</c> (head records) and
/// <c>mesh/status-ASSEMBLY.json</c>. On a gateway, <c>mesh/uplink.json</c> names the hub's broker (<c>kiosk hub link</c>).
/// </summary>
public sealed partial class DataFolder
{
    /// <summary>The key name of a hub's key.</summary>
    public const string HubKeyName = "hub";

    /// <summary>The hub's settings.</summary>
    public string HubConfigPath => Path.Combine(Root.FullName, "hub.json");

    /// <summary>The root of the hub's head record folders.</summary>
    public string HubHeadsPath => Path.Combine(Root.FullName, "heads");

    /// <summary>What the running hub last saw of <paramref name="assembly"/>'s mesh.</summary>
    public string HubStatusPath(AssemblyId assembly) => Path.Combine(MeshPath, $"status-{assembly}.json");

    /// <summary>The hub's federation peers (<c>kiosk hub federate add</c>), with their files in <see cref="FederationFolder"/>.</summary>
    public string FederationPath => Path.Combine(Root.FullName, "federation.json");

    /// <summary>The other hubs' broker CAs and this hub's certificates from them.</summary>
    public string FederationFolder => Path.Combine(Root.FullName, "federation");

    /// <summary>On a gateway: the hub broker it syncs through.</summary>
    public string UplinkPath => Path.Combine(MeshPath, "uplink.json");
}
