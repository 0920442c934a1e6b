namespace Kiosk.Gateway.Data;

/// <summary>The mesh's files in the data folder: <c>mesh/peers.json</c> (the peers to dial), <c>mesh/KEYNAME.pfx</c> (a gateway's TLS certificate, owner-only) and <c>mesh/status.json</c> (what the running gateway last saw of its peers).</summary>
public sealed partial class DataFolder
{
    /// <summary>The mesh folder.</summary>
    public string MeshPath => Path.Combine(Root.FullName, "mesh");

    /// <summary>The peers this gateway dials.</summary>
    public string PeersPath => Path.Combine(MeshPath, "peers.json");

    /// <summary>What the running gateway last saw of the mesh (rewritten every second while it runs).</summary>
    public string MeshStatusPath => Path.Combine(MeshPath, "status.json");

    /// <summary>The TLS certificate of the gateway whose key is named <paramref name="keyName"/>.</summary>
    public string PeerCertificatePath(string keyName)
    {
        KeyPath(keyName); // the same name rules
        return Path.Combine(MeshPath, keyName + ".pfx");
    }
}
