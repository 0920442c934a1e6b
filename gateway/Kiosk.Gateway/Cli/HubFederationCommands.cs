using System.CommandLine;
using Kiosk.Gateway.Data;
using Kiosk.Hub.Broker;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// Federation, under <c>kiosk hub federate</c>: <c>request</c> (on hub A: its signed request for a client certificate
/// from hub B's broker CA, for one assembly both are enrolled in), then <c>kiosk hub certify</c> on hub B (which issues it
/// only to a hub its own ledger of that assembly shows enrolled), then <c>add</c> (on hub A: sync that assembly through
/// B's broker too, from the next <c>kiosk hub run</c>). Guide: docs/hub.md, <i>Federation</i>.
/// </summary>
public static class HubFederationCommands
{
    public static Command Create()
    {
        var command = new Command("federate", "Federation: sync one assembly with another co-op's hub through its broker.");
        command.Subcommands.Add(Request());
        command.Subcommands.Add(Add());
        return command;
    }

    private static Option<string> AssemblyOption() => new("--assembly") { Description = "The assembly both hubs are enrolled in (its id).", Required = true };

    private static Option<FileInfo> CaOption() => new("--ca") { Description = "The other hub's broker CA certificate (its broker/ca.crt).", Required = true };

    private static Command Request()
    {
        var assemblyOption = AssemblyOption();
        var ca = CaOption();
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the request (the other hub runs kiosk hub certify on it).", Required = true };
        var command = new Command("request", "On this hub: write the signed request for a client certificate of the other hub's broker, for one assembly.") { assemblyOption, ca, output };
        command.SetAction(async context =>
        {
            var (assembly, other) = await CheckAsync(context, context.Get(assemblyOption)!, context.Get(ca)!);
            using var key = context.Data.ReadKey(DataFolder.HubKeyName);
            using var tls = PeerCertificate.LoadOrCreate(context.Data.PeerCertificatePath(DataFolder.HubKeyName), key.PublicKey);
            using var authority = HubSettings.LoadPem(context.Get(ca)!.FullName);
            var request = BrokerCertificateRequest.Create(key, assembly, tls, authority);
            await File.WriteAllTextAsync(context.Get(output)!.FullName, request.ToJson());
            if (context.Json) await context.WriteJsonAsync(new FederationRequestOutput(assembly.ToString(), key.PublicKey.ToHex(), other.ToHex(), context.Get(output)!.FullName));
            else await context.Output.WriteLineAsync($"Wrote {context.Get(output)!.FullName}. On the other hub ({other.ShortHex}): kiosk hub certify --request {context.Get(output)!.Name} --output THIS-HUB.crt");
            return 0;
        });
        return command;
    }

    private static Command Add()
    {
        var assemblyOption = AssemblyOption();
        var broker = new Option<string>("--broker") { Description = "The other hub's broker: mqtts://HOST:PORT.", Required = true };
        var ca = CaOption();
        var issued = new Option<FileInfo>("--certificate") { Description = "This hub's client certificate from the other hub (kiosk hub certify there).", Required = true };
        var command = new Command("add", "On this hub: sync one assembly through the other hub's broker too, from the next kiosk hub run.") { assemblyOption, broker, ca, issued };
        command.SetAction(async context =>
        {
            var data = context.Data;
            var url = HubSettings.ParseBroker(context.Get(broker));
            if (url.Scheme != "mqtts") throw new UserErrorException($"{context.Get(broker)}: federation goes through the other hub's TLS broker (mqtts://HOST:PORT)");
            var (assembly, other) = await CheckAsync(context, context.Get(assemblyOption)!, context.Get(ca)!);
            using var key = data.ReadKey(DataFolder.HubKeyName);
            using var tls = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(DataFolder.HubKeyName), key.PublicKey);
            using var authority = HubSettings.LoadPem(context.Get(ca)!.FullName);
            using var certificate = HubSettings.LoadPem(context.Get(issued)!.FullName);
            if (HubSettings.CheckIssued(certificate, authority, key.PublicKey, tls) is { } problem) throw new UserErrorException($"{context.Get(issued)!.Name}: {problem}");
            // Checked: now the files, then the list (one entry per assembly and other hub; a new one replaces the old).
            Directory.CreateDirectory(data.FederationFolder);
            var stem = $"{assembly.ToString()[..12]}-{other.ToHex()[..12]}";
            var caFile = Path.Combine(Path.GetFileName(data.FederationFolder), stem + "-ca.crt");
            var certificateFile = Path.Combine(Path.GetFileName(data.FederationFolder), stem + ".crt");
            File.WriteAllText(Path.Combine(data.Root.FullName, caFile), authority.ExportCertificatePem());
            File.WriteAllText(Path.Combine(data.Root.FullName, certificateFile), certificate.ExportCertificatePem());
            var entry = new FederationEntry { Assembly = assembly.ToString(), Broker = url.ToString().TrimEnd('/'), Ca = caFile, Certificate = certificateFile };
            var entries = FederationEntry.ReadAll(data.FederationPath).Where(e => !(e.Assembly == entry.Assembly && e.Ca == caFile)).Append(entry).ToList();
            FederationEntry.WriteAll(data.FederationPath, entries);
            if (context.Json) await context.WriteJsonAsync(new FederationAddOutput(entry.Assembly, entry.Broker, other.ToHex(), entries.Count));
            else await context.Output.WriteLineAsync($"Assembly {assembly} is federated with hub {other.ShortHex} through {entry.Broker} from the next kiosk hub run.");
            return 0;
        });
        return command;
    }

    /// <summary>The assembly, held by this hub, and the other hub (the CA's key), enrolled in it as a hub; <see cref="UserErrorException"/> otherwise.</summary>
    private static async Task<(AssemblyId Assembly, Bytes32 Other)> CheckAsync(CommandContext context, string text, FileInfo caFile)
    {
        if (!AssemblyId.TryParse(text, out var assembly)) throw new UserErrorException($"--assembly: '{text}' is not an assembly id");
        using var authority = HubSettings.LoadPem(caFile.FullName);
        var other = BrokerAuthority.HubKeyOf(authority) ?? throw new UserErrorException($"{caFile.Name} is not a hub's broker CA (it names no key)");
        await using var database = await HubCommand.OpenDatabaseAsync(context);
        if (!(await database.AssembliesAsync(context.Cancellation)).Contains(assembly))
            throw new UserErrorException($"this hub holds no assembly {assembly} (kiosk hub import it first)");
        await using var ledger = database.OpenLedger(assembly, new LedgerOptions { Kinds = DataFolder.Kinds() });
        using var key = context.Data.ReadKey(DataFolder.HubKeyName);
        if (other == key.PublicKey) throw new UserErrorException($"{caFile.Name} is this hub's own broker CA");
        if (ledger.Authority.RoleOf(key.PublicKey) != Role.Hub) throw new UserErrorException($"this hub ({key.PublicKey.ShortHex}) is not enrolled as a hub in assembly {assembly}");
        if (ledger.Authority.RoleOf(other) != Role.Hub || ledger.Authority.Members[other].IsRemoved)
            throw new UserErrorException($"{caFile.Name} is the CA of hub {other.ShortHex}, which is not an enrolled hub of assembly {assembly} in this hub's ledger");
        return (assembly, other);
    }

    /// <summary>The --json output of hub federation request.</summary>
    internal sealed record FederationRequestOutput(string Assembly, string Hub, string Other, string File);

    /// <summary>The --json output of hub federation add.</summary>
    internal sealed record FederationAddOutput(string Assembly, string Broker, string Other, int Peers);
}
