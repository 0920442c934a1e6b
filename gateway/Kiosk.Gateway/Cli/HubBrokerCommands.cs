using System.CommandLine;
using Kiosk.Gateway.Data;
using Kiosk.Hub.Broker;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The broker's security, under <c>kiosk hub</c>: <c>broker-config --mosquitto</c> (on the hub: its CA, the broker's
/// server certificate, the hub's client certificate, <c>mosquitto.conf</c> and the dynamic-security file),
/// <c>request</c> (on a gateway: the signed request for its client certificate) and <c>certify</c> (on the hub: check a
/// request against the hub's ledger and issue the certificate). Guide: docs/hub.md.
/// </summary>
public static class HubBrokerCommands
{
    /// <summary>Where a hub keeps its broker's files, under its data folder.</summary>
    public const string BrokerFolder = "broker";

    /// <summary>The hub's own client certificate's file name in <see cref="BrokerFolder"/>.</summary>
    public const string HubCertificateFile = "hub.crt";

    public static Command BrokerConfig()
    {
        var mosquitto = new Option<bool>("--mosquitto") { Description = "Write the configuration of a Mosquitto 2 broker (TLS client certificates, dynamic-security ACLs)." };
        var hosts = new Option<string[]>("--host") { Description = "The broker's host name or IP address as gateways dial it (repeat for several); the first goes into the broker URL.", Required = true, AllowMultipleArgumentsPerToken = true };
        var port = new Option<int>("--port") { Description = "The broker's TLS port.", DefaultValueFactory = _ => 8883 };
        var address = new Option<string>("--address") { Description = "The address Mosquitto listens on.", DefaultValueFactory = _ => "0.0.0.0" };
        var plugin = new Option<string>("--plugin") { Description = "Mosquitto's dynamic-security plugin.", DefaultValueFactory = _ => MosquittoConfig.DefaultPlugin };
        var command = new Command("broker-config", "On the hub: make its broker CA and certificates and write the broker's configuration (and point the hub at it).") { mosquitto, hosts, port, address, plugin };
        command.SetAction(async context =>
        {
            if (!context.Get(mosquitto)) throw new UserErrorException("give --mosquitto (the only broker configuration written so far)");
            var data = context.Data;
            var settings = HubSettings.Read(data.HubConfigPath) ?? throw new UserErrorException($"{data.Root.FullName} is not a hub's data folder: run kiosk hub init first");
            var names = context.Get(hosts)!;
            if (names.Length == 0 || names.Any(h => Uri.CheckHostName(h) == UriHostNameType.Unknown)) throw new UserErrorException($"--host: give host names or IP addresses ({string.Join(", ", names)})");
            if (context.Get(port) is not (> 0 and < 65536)) throw new UserErrorException($"--port {context.Get(port)} is not a port");
            if (!System.Net.IPAddress.TryParse(context.Get(address), out _)) throw new UserErrorException($"--address '{context.Get(address)}' is not an IP address");
            var folder = Path.Combine(data.Root.FullName, BrokerFolder);
            var now = DateTimeOffset.UtcNow;
            using var key = data.ReadKey(DataFolder.HubKeyName);
            using var tls = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(DataFolder.HubKeyName), key.PublicKey);
            using var authority = BrokerAuthority.LoadOrCreate(folder, key.PublicKey, now);
            var (serverCertificate, serverKey) = authority.IssueServer(names, now);
            File.WriteAllText(Path.Combine(folder, MosquittoConfig.ServerCertificateFile), serverCertificate);
            BrokerAuthority.WritePrivate(Path.Combine(folder, MosquittoConfig.ServerKeyFile), serverKey);
            using (var hubCertificate = authority.IssueClient(key.PublicKey, tls.PublicKey, now))
                File.WriteAllText(Path.Combine(folder, HubCertificateFile), hubCertificate.ExportCertificatePem());
            var config = Path.Combine(folder, MosquittoConfig.ConfigFile);
            File.WriteAllText(config, MosquittoConfig.Config(folder, context.Get(address)!, context.Get(port), context.Get(plugin)!));
            // Mosquitto keeps the plugin's state in this file: written once, then the hub keeps it through the broker.
            var dynamicSecurity = Path.Combine(folder, MosquittoConfig.DynamicSecurityFile);
            if (!File.Exists(dynamicSecurity)) BrokerAuthority.WritePrivate(dynamicSecurity, MosquittoConfig.DynamicSecurity(key.PublicKey));
            var url = $"mqtts://{(names[0].Contains(':', StringComparison.Ordinal) ? $"[{names[0]}]" : names[0])}:{context.Get(port)}";
            (settings with { Broker = url, Ca = Path.Combine(BrokerFolder, BrokerAuthority.CertificateFile), Certificate = Path.Combine(BrokerFolder, HubCertificateFile) }).Write(data.HubConfigPath);
            if (context.Json)
            {
                await context.WriteJsonAsync(new { broker = url, config, ca = Path.Combine(folder, BrokerAuthority.CertificateFile), dynamicSecurity });
                return 0;
            }
            await context.Output.WriteLineAsync($"Wrote {config} (and the CA, certificates and dynamic-security file beside it).");
            await context.Output.WriteLineAsync($"Start the broker: mosquitto -c {config}   (as a user that may read {folder} and write its {MosquittoConfig.DynamicSecurityFile})");
            await context.Output.WriteLineAsync($"The hub now uses {url}. Give each gateway {Path.Combine(folder, BrokerAuthority.CertificateFile)}: kiosk hub request there, kiosk hub certify here, kiosk hub link there.");
            return 0;
        });
        return command;
    }

    public static Command Request()
    {
        var ca = new Option<FileInfo>("--ca") { Description = "The hub's broker CA certificate (ca.crt from kiosk hub broker-config).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the request (take it to the hub: kiosk hub certify).", Required = true };
        var gateway = GatewayOption.Create("The gateway asking");
        var command = new Command("request", "On a gateway: write the signed request for its broker client certificate, for the hub whose CA is given.") { ca, output, gateway };
        command.SetAction(async context =>
        {
            var data = context.Data;
            await using var ledger = data.OpenLedger();
            var self = GatewayName.Resolve(data, ledger.Authority, context.Get(gateway), needKey: true);
            using var authority = HubSettings.LoadPem(context.Get(ca)!.FullName);
            var hub = BrokerAuthority.HubKeyOf(authority);
            if (hub is null || ledger.Authority.RoleOf(hub.Value) != Role.Hub || ledger.Authority.Members[hub.Value].IsRemoved)
                throw new UserErrorException($"{context.Get(ca)!.Name} is not the CA of a hub enrolled in this assembly ({(hub is null ? "it names no key" : $"it names {hub.Value.ShortHex}")})");
            using var key = data.ReadKey(self.KeyName!);
            using var tls = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(self.KeyName!), key.PublicKey);
            var request = BrokerCertificateRequest.Create(key, ledger.Assembly!.Value, tls, authority);
            await File.WriteAllTextAsync(context.Get(output)!.FullName, request.ToJson());
            if (context.Json) await context.WriteJsonAsync(new { gateway = self.Name, key = key.PublicKey.ToHex(), hub = hub.Value.ToHex(), file = context.Get(output)!.FullName });
            else await context.Output.WriteLineAsync($"Wrote {context.Get(output)!.FullName}: on the hub, kiosk hub certify --request {context.Get(output)!.Name} --output {self.Name}.crt");
            return 0;
        });
        return command;
    }

    public static Command Certify()
    {
        var input = new Option<FileInfo>("--request") { Description = "A gateway's request (kiosk hub request).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the gateway's client certificate (PEM).", Required = true };
        var command = new Command("certify", "On the hub: check a gateway's request against the hub's ledger of its assembly and issue its broker client certificate.") { input, output };
        command.SetAction(async context =>
        {
            var data = context.Data;
            var file = context.Get(input)!;
            if (!file.Exists) throw new UserErrorException($"{file.FullName} does not exist");
            var request = BrokerCertificateRequest.Parse(await File.ReadAllTextAsync(file.FullName), out var problem)
                ?? throw new UserErrorException($"{file.Name}: {problem}");
            if (!AssemblyId.TryParse(request.Assembly, out var assembly)) throw new UserErrorException($"{file.Name}: '{request.Assembly}' is not an assembly id");
            var folder = Path.Combine(data.Root.FullName, BrokerFolder);
            if (!File.Exists(Path.Combine(folder, BrokerAuthority.KeyFile))) throw new UserErrorException("this hub has no broker CA yet: run kiosk hub broker-config --mosquitto first");
            await using var database = await HubCommand.OpenDatabaseAsync(context);
            if (!(await database.AssembliesAsync(context.Cancellation)).Contains(assembly))
                throw new UserErrorException($"refused: this hub holds no assembly {assembly} (kiosk hub import it first)");
            await using var ledger = database.OpenLedger(assembly, new LedgerOptions { Kinds = DataFolder.Kinds() });
            using var key = data.ReadKey(DataFolder.HubKeyName);
            var now = DateTimeOffset.UtcNow;
            using var authority = BrokerAuthority.LoadOrCreate(folder, key.PublicKey, now);
            var refusal = BrokerCertificateIssuer.Check(request, assembly, ledger.Authority, authority.Certificate, out var node, out var tls);
            if (refusal is not null) throw new UserErrorException($"refused: {refusal}");
            using (tls)
            using (var issued = authority.IssueClient(node, tls!.PublicKey, now))
                await File.WriteAllTextAsync(context.Get(output)!.FullName, issued.ExportCertificatePem());
            if (context.Json) await context.WriteJsonAsync(new { key = node.ToHex(), assembly = assembly.ToString(), file = context.Get(output)!.FullName });
            else await context.Output.WriteLineAsync($"Issued {node.ShortHex}'s broker certificate: {context.Get(output)!.FullName}. On the gateway: kiosk hub link {HubSettings.Read(data.HubConfigPath)?.Broker} --ca ca.crt --certificate {context.Get(output)!.Name}");
            return 0;
        });
        return command;
    }
}
