using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Discovery;

/// <summary>
/// What a gateway says of itself on the LAN by DNS-SD (docs/mesh.md, *Discovery*): the instance
/// <c>kiosk-{first 16 hex digits of its key}._kiosk._tcp.local</c>, whose TXT record carries <c>v=1</c>, the assembly id and
/// the gateway key. It is a hint where to dial, never trusted: the link's authentication proves the key, and only a key
/// enrolled in the dialling gateway's own ledger is dialled.
/// </summary>
public sealed record DiscoveryAdvert(AssemblyId Assembly, Bytes32 Gateway)
{
    /// <summary>The DNS-SD service type.</summary>
    public const string Service = "_kiosk._tcp";

    /// <summary>The service type with its domain, as it appears in records.</summary>
    public const string QualifiedService = Service + ".local";

    /// <summary>The only TXT version this gateway writes and reads.</summary>
    public const string Version = "1";

    /// <summary>The instance's name (its first label): unique per gateway, readable in a DNS-SD browser.</summary>
    public string InstanceName => "kiosk-" + Gateway.ToHex()[..16];

    /// <summary>The TXT record's strings (RFC 6763 key=value pairs, each well under 255 bytes).</summary>
    public IReadOnlyList<string> ToTxt() => ["v=" + Version, "assembly=" + Assembly, "key=" + Gateway.ToHex()];

    /// <summary>
    /// Reads a TXT record's strings. Keys are case-insensitive and the first of a repeated key counts (RFC 6763 6.4);
    /// unknown keys are ignored, so a later version can add some. False, with the problem, when the version is not 1 or
    /// the assembly or key is missing or not lower-case hex of the right length.
    /// </summary>
    public static bool TryParse(IEnumerable<string> txt, out DiscoveryAdvert advert, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(txt);
        advert = null!;
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in txt)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) continue; // a key without a value, or an empty key: nothing this version reads
            pairs.TryAdd(entry[..equals], entry[(equals + 1)..]);
        }
        if (!pairs.TryGetValue("v", out var version) || version != Version)
        {
            problem = version is null ? "its TXT record has no v=" : $"its TXT record is version '{version}', not {Version}";
            return false;
        }
        if (!pairs.TryGetValue("assembly", out var assemblyText) || !AssemblyId.TryParse(assemblyText, out var assembly) || assembly.ToString() != assemblyText)
        {
            problem = $"its TXT record's assembly '{assemblyText}' is not 32 lower-case hex digits";
            return false;
        }
        if (!pairs.TryGetValue("key", out var keyText) || !LowerHex.TryParseKey(keyText, out var key))
        {
            problem = $"its TXT record's key '{keyText}' is not 64 lower-case hex digits";
            return false;
        }
        advert = new DiscoveryAdvert(assembly, key);
        problem = null;
        return true;
    }
}
