using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// One TCP connection per link: when two gateways both dial each other, both ends must keep the same connection and
/// close the other. The rule: keep the connection dialled by the smaller key (byte order); a new connection in the same
/// direction as the old one replaces it (the old one is a dead connection not yet noticed). Pure.
/// </summary>
public static class LinkPreference
{
    /// <summary>True when a new connection in <paramref name="incoming"/> direction should replace the existing one.</summary>
    public static bool ReplaceExisting(LinkDirection existing, LinkDirection incoming, Bytes32 me, Bytes32 peer)
    {
        if (existing == incoming) return true;
        var newDialler = incoming == LinkDirection.Dialled ? me : peer;
        var oldDialler = existing == LinkDirection.Dialled ? me : peer;
        return newDialler < oldDialler;
    }
}
