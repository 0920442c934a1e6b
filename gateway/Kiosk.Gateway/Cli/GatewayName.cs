using Kiosk.Gateway.Data;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Cli;

/// <summary>An enrolled gateway as <c>--gateway</c> chose it, and the name of its key file here when this folder holds it.</summary>
public sealed record GatewayName(Member Gateway, string? KeyName)
{
    /// <summary>The name the gateway is enrolled under (library-hall).</summary>
    public string Name => Gateway.Name;

    /// <summary>
    /// Resolves <c>--gateway</c>: an enrolled name (library-hall), a key-file name in keys/ (gateway-library-hall) or a
    /// public key, each to the other. Without a name, the one gateway whose key is in this folder (or, when a key is not
    /// needed, the assembly's only gateway). <paramref name="needKey"/>: the command signs as the gateway, so its key
    /// file must be here. A wrong name is a <see cref="UserErrorException"/> that suggests the closest right one.
    /// </summary>
    public static GatewayName Resolve(DataFolder data, AuthorityTable authority, string? given, bool needKey)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(authority);
        var gateways = authority.Members.Values.Where(m => m.Role == Role.Gateway && !m.IsRetired).OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        var retired = authority.Members.Values.Where(m => m.Role == Role.Gateway && m.IsRetired).ToList();
        var local = LocalKeys.ByPublicKey(data);
        var here = gateways.Where(g => local.ContainsKey(g.Key)).ToList();
        var gateway = given is null ? Default(data, gateways, here, needKey) : Find(data, gateways, retired, local, given.Trim());
        var keyName = local.GetValueOrDefault(gateway.Key);
        if (needKey && keyName is null)
            throw new UserErrorException($"gateway '{gateway.Name}' is enrolled, but its key is not in {data.KeysPath}: run this on {gateway.Name} itself, with its data folder"
                + (here.Count == 0 ? "" : $" (this folder holds the key of {string.Join(", ", here.Select(h => h.Name))})"));
        return new GatewayName(gateway, keyName);
    }

    private static Member Default(DataFolder data, List<Member> gateways, List<Member> here, bool needKey)
    {
        if (here.Count == 1) return here[0];
        if (here.Count > 1)
            throw new UserErrorException($"several gateway keys in {data.KeysPath} ({string.Join(", ", here.Select(h => h.Name))}): choose one with --gateway NAME");
        if (!needKey && gateways.Count == 1) return gateways[0];
        if (gateways.Count == 0) throw new UserErrorException("no gateway is enrolled yet: enrol one with kiosk gateway enrol --name NAME");
        if (needKey) throw new UserErrorException($"no gateway key in {data.KeysPath} (gateways: {string.Join(", ", gateways.Select(g => g.Name))}): run this on the gateway itself, or enrol this machine with kiosk gateway enrol --name NAME");
        throw new UserErrorException($"several gateways are enrolled ({string.Join(", ", gateways.Select(g => g.Name))}): choose one with --gateway NAME");
    }

    private static Member Find(DataFolder data, List<Member> gateways, List<Member> retired, IReadOnlyDictionary<Bytes32, string> local, string given)
    {
        var named = gateways.Where(g => string.Equals(g.Name, given, StringComparison.Ordinal)).ToList();
        if (named.Count == 1) return named[0];
        if (named.Count > 1)
            throw new UserErrorException($"several gateways are enrolled as '{given}' ({string.Join(", ", named.Select(g => g.Key.ShortHex + "…"))}): give its key-file name or public key instead");
        if (retired.FirstOrDefault(g => string.Equals(g.Name, given, StringComparison.Ordinal) || string.Equals(g.Key.ToHex(), given, StringComparison.OrdinalIgnoreCase)
                || string.Equals(local.GetValueOrDefault(g.Key), given, StringComparison.Ordinal)) is { } gone)
            throw new UserErrorException($"gateway '{gone.Name}' was retired from this assembly (its events after #{gone.ValidThroughSeq} do not count); retirement is for good: enrol the machine under a new key with kiosk gateway enrol --name NAME");
        if (local.FirstOrDefault(k => string.Equals(k.Value, given, StringComparison.Ordinal)) is { Value: not null } file)
        {
            return gateways.FirstOrDefault(g => g.Key == file.Key)
                ?? throw new UserErrorException($"key '{given}' is not an enrolled gateway of this assembly; enrol it with `kiosk gateway enrol` or choose another with --gateway{Listing(gateways)}");
        }
        if (Bytes32.TryParseHex(given.ToLowerInvariant(), out var key) && gateways.FirstOrDefault(g => g.Key == key) is { } byKey) return byKey;
        if (File.Exists(Path.Combine(data.KeysPath, given + ".key")))
            throw new UserErrorException($"key file '{given}' in {data.KeysPath} cannot be read; check its mode and contents");
        var known = gateways.Select(g => g.Name).Concat(gateways.Where(g => local.ContainsKey(g.Key)).Select(g => local[g.Key])).ToList();
        var closest = NameSuggestion.Closest(given, known);
        throw new UserErrorException($"no gateway '{given}'" + (closest.Count > 0 ? $"; did you mean {string.Join(" or ", closest)}?" : Listing(gateways)));
    }

    private static string Listing(List<Member> gateways) =>
        gateways.Count == 0 ? " (no gateway is enrolled yet; enrol one with kiosk gateway enrol --name NAME)" : $" (gateways: {string.Join(", ", gateways.Select(g => g.Name))})";
}
