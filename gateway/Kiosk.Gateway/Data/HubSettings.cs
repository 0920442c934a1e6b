using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Kiosk.Ledger;
using Kiosk.Mesh;

namespace Kiosk.Gateway.Data;

/// <summary>
/// A small settings file (<c>hub.json</c> of a hub, <c>mesh/uplink.json</c> of a gateway): written owner-only, since a
/// PostgreSQL connection string may hold a password.
/// </summary>
public sealed record HubSettings
{
    /// <summary>The hub's PostgreSQL connection string (a hub's file only).</summary>
    public string? Postgres { get; init; }

    /// <summary>
    /// The shared broker, <c>mqtt://HOST:PORT</c> or <c>mqtts://HOST:PORT</c>; for a broker cluster, its nodes'
    /// URLs separated by commas (tried in turn when the one in use is lost).
    /// </summary>
    public string? Broker { get; init; }

    /// <summary>For <c>mqtts</c>: the broker's CA certificate (PEM), relative to the settings file's folder.</summary>
    public string? Ca { get; init; }

    /// <summary>For <c>mqtts</c>: this node's client certificate issued by that CA (PEM), relative to the settings file's folder.</summary>
    public string? Certificate { get; init; }

    /// <summary>
    /// A hub on a NATS cluster: the users file its nodes include (<c>kiosk hub broker-config --nats</c>), relative to the
    /// settings file's folder; the hub keeps it in step with its enrolments.
    /// </summary>
    public string? NatsUsers { get; init; }

    /// <summary>A hub on a NATS cluster: the process id files of the nodes on its machine, signalled to reload <see cref="NatsUsers"/>.</summary>
    public IReadOnlyList<string>? NatsPidFiles { get; init; }

    /// <summary>Reads the file; null when there is none. <see cref="UserErrorException"/> when it is not readable settings.</summary>
    public static HubSettings? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), GatewayJson.Default.HubSettings) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not a settings file ({e.Message}); fix or remove it");
        }
    }

    /// <summary>Writes the file (mode 0600).</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, GatewayJson.Default.HubSettings));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The broker (the first node of a cluster) as a URI; <see cref="UserErrorException"/> as <see cref="ParseBrokers"/>.</summary>
    public static Uri ParseBroker(string? text) => ParseBrokers(text)[0];

    /// <summary>
    /// The broker's nodes, from <c>URL[,URL…]</c>; <see cref="UserErrorException"/> naming the problem when one is not
    /// <c>mqtt://HOST:PORT</c> or <c>mqtts://HOST:PORT</c>, or when they mix the two.
    /// </summary>
    public static IReadOnlyList<Uri> ParseBrokers(string? text)
    {
        var nodes = new List<Uri>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.Port <= 0 || uri.AbsolutePath is not ("" or "/"))
                throw new UserErrorException($"'{part}' is not a broker address: give mqtts://HOST:PORT (or mqtt://HOST:PORT on a private network), or several separated by commas for a broker cluster");
            if (nodes.Count > 0 && uri.Scheme != nodes[0].Scheme)
                throw new UserErrorException($"'{text}': the nodes of one broker are all mqtts:// or all mqtt://");
            nodes.Add(uri);
        }
        return nodes;
    }

    /// <summary>The settings' text for <paramref name="nodes"/> (<see cref="ParseBrokers"/> reads it back).</summary>
    public static string FormatBrokers(IEnumerable<Uri> nodes) => string.Join(",", nodes.Select(n => n.ToString().TrimEnd('/')));

    /// <summary>
    /// TLS to the broker for <paramref name="node"/>, whose TLS certificate (with its private key) is <paramref name="tls"/>:
    /// null for <c>mqtt://</c>; for <c>mqtts://</c> the CA and the client certificate named here, checked to be the
    /// CA's, of this node and over its TLS key (<see cref="UserErrorException"/> naming the problem otherwise).
    /// </summary>
    public BrokerTls? LoadTls(string settingsPath, Bytes32 node, X509Certificate2 tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (ParseBroker(Broker).Scheme != "mqtts") return null;
        if (Ca is null || Certificate is null) throw new UserErrorException($"{settingsPath}: {Broker} needs the broker's CA and this node's certificate (kiosk hub link URL --ca FILE --certificate FILE)");
        var folder = Path.GetDirectoryName(Path.GetFullPath(settingsPath))!;
        var ca = LoadPem(Path.Combine(folder, Ca));
        var issued = LoadPem(Path.Combine(folder, Certificate));
        if (CheckIssued(issued, ca, node, tls) is { } problem) throw new UserErrorException($"{Path.Combine(folder, Certificate)}: {problem}");
        using var key = tls.GetECDsaPrivateKey() ?? throw new UserErrorException("this node's TLS certificate has no ECDSA private key");
        return new BrokerTls(issued.CopyWithPrivateKey(key), ca);
    }

    /// <summary>Why <paramref name="issued"/> is not a broker certificate of <paramref name="ca"/> for <paramref name="node"/> over <paramref name="tls"/>'s key; null when it is.</summary>
    public static string? CheckIssued(X509Certificate2 issued, X509Certificate2 ca, Bytes32 node, X509Certificate2 tls)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(tls);
        if (Kiosk.Mesh.Peers.PeerCertificate.GatewayKeyOf(issued) != node) return $"the certificate is not this node's ({node.ShortHex})";
        if (!issued.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(tls.PublicKey.EncodedKeyValue.RawData)) return "the certificate is not over this node's TLS key (was it issued from another folder's request?)";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(issued) ? null : "the certificate was not issued by the broker's CA";
    }

    /// <summary>A PEM certificate file; <see cref="UserErrorException"/> when it is missing or not one.</summary>
    public static X509Certificate2 LoadPem(string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"{path} does not exist");
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException e)
        {
            throw new UserErrorException($"{path} is not a PEM certificate ({e.Message})");
        }
    }
}
