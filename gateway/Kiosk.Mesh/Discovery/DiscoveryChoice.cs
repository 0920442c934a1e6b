using System.Net;
using System.Net.Sockets;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Discovery;

/// <summary>
/// Which gateways found on the LAN to dial (pure): only one of this gateway's own assembly, not itself, whose key this
/// gateway's own ledger holds as an enrolled gateway or hub that was not removed, and that it does not dial already.
/// The address dialled is the advert's first usable IPv4 address: link-local (169.254/16) only when there is no
/// other, loopback never (it would be this machine, not the one that answered).
/// </summary>
public static class DiscoveryChoice
{
    /// <summary>The reason given for a gateway that is dialled already (found again: the usual case).</summary>
    public const string AlreadyDialled = "it is dialled already";

    /// <summary>What to do with <paramref name="found"/>: a URL to dial, or why not.</summary>
    public static DiscoveryDecision Decide(DiscoveredGateway found, AssemblyId assembly, Bytes32 self, AuthorityTable authority, IReadOnlySet<Bytes32> dialling)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(dialling);
        var advert = found.Advert;
        if (advert.Assembly != assembly) return DiscoveryDecision.Ignore($"it serves another assembly ({advert.Assembly})");
        if (advert.Gateway == self) return DiscoveryDecision.Ignore("it is this gateway");
        if (dialling.Contains(advert.Gateway)) return DiscoveryDecision.Ignore(AlreadyDialled);
        if (!authority.Members.TryGetValue(advert.Gateway, out var member) || member.Role is not (Role.Gateway or Role.Hub))
            return DiscoveryDecision.Ignore($"its key {advert.Gateway.ShortHex} is not an enrolled gateway in this gateway's ledger");
        if (member.IsRemoved) return DiscoveryDecision.Ignore($"gateway {member.Name} was removed from the assembly");
        if (found.Port is < 1 or > 65535) return DiscoveryDecision.Ignore($"its port {found.Port} is not a TCP port");
        var usable = found.Addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.Equals(IPAddress.Any)).ToList();
        var address = usable.FirstOrDefault(a => !IsLinkLocal(a)) ?? usable.FirstOrDefault();
        if (address is null) return DiscoveryDecision.Ignore("it gave no IPv4 address this gateway can dial");
        return DiscoveryDecision.Dial(member.Name, new Uri($"mqtts://{address}:{found.Port}"));
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
