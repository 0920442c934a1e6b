using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Hub;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Data;

/// <summary>
/// One federation peer of a hub, as <c>federation.json</c> keeps it: for one assembly, another co-op's hub broker, its
/// CA and this hub's client certificate from it (files relative to the data folder).
/// </summary>
public sealed record FederationEntry
{
    /// <summary>The assembly exchanged.</summary>
    public required string Assembly { get; init; }

    /// <summary>The other hub's broker, <c>mqtts://HOST:PORT</c>.</summary>
    public required string Broker { get; init; }

    /// <summary>The other hub's broker CA (PEM), relative to the data folder.</summary>
    public required string Ca { get; init; }

    /// <summary>This hub's client certificate from that CA (PEM), relative to the data folder.</summary>
    public required string Certificate { get; init; }

    /// <summary>The entries of <paramref name="path"/>; none when there is no file. <see cref="UserErrorException"/> when it is not readable.</summary>
    public static IReadOnlyList<FederationEntry> ReadAll(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), GatewayJson.Default.ListFederationEntry) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not a federation file ({e.Message}); fix or remove it");
        }
    }

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> (whole file replaced at once).</summary>
    public static void WriteAll(string path, IReadOnlyList<FederationEntry> entries)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(entries, GatewayJson.Default.IReadOnlyListFederationEntry));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The running hub's peer: TLS loaded and checked as a gateway's uplink is (<see cref="HubSettings.LoadTls"/>) for
    /// this hub's key <paramref name="node"/> over its TLS certificate <paramref name="tls"/>.
    /// </summary>
    public FederationPeer Load(string path, Bytes32 node, X509Certificate2 tls)
    {
        if (!AssemblyId.TryParse(Assembly, out var assembly)) throw new UserErrorException($"{path}: '{Assembly}' is not an assembly id");
        var settings = new HubSettings { Broker = Broker, Ca = Ca, Certificate = Certificate };
        var broker = HubSettings.ParseBroker(Broker);
        var loaded = settings.LoadTls(path, node, tls) ?? throw new UserErrorException($"{path}: federation with {Broker} needs mqtts://");
        return new FederationPeer(assembly, broker, loaded);
    }
}
