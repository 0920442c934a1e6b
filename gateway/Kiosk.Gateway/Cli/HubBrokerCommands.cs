using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Gateway.Data;
using Kiosk.Hub;
using Kiosk.Hub.Broker;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The broker's security, under <c>kiosk hub</c>: <c>broker-config --mosquitto|--nats</c> (on the hub: its CA, the broker's
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
        var nats = new Option<bool>("--nats") { Description = "Write the configuration of a 3-node NATS cluster with its MQTT listener (one --host per node): TLS client certificates, TLS routes, per-node permissions." };
        var hosts = new Option<string[]>("--host") { Description = "The broker's host name or IP address as gateways dial it (repeat for several); the first goes into the broker URL.", Required = true, AllowMultipleArgumentsPerToken = true };
        var port = new Option<int>("--port") { Description = "The broker's MQTT TLS port: Mosquitto's listener, or each NATS node's.", DefaultValueFactory = _ => 8883 };
        var address = new Option<string>("--address") { Description = "The address Mosquitto listens on.", DefaultValueFactory = _ => "0.0.0.0" };
        var plugin = new Option<string>("--plugin") { Description = "Mosquitto's dynamic-security plugin.", DefaultValueFactory = _ => MosquittoConfig.DefaultPlugin };
        var nodePorts = new Option<string[]>("--node-ports") { Description = "NATS: each node's MQTT:ROUTE:CLIENT ports, in --host order (default: --port, 6222, 4222 on every node).", AllowMultipleArgumentsPerToken = true };
        var nodeFolder = new Option<string?>("--node-folder") { Description = "NATS: the folder on each node that holds its configuration, certificate and the users file (default: this hub's broker folder, for nodes on this machine, which the hub then reloads itself)." };
        var store = new Option<string>("--store") { Description = "NATS: each node's JetStream folder.", DefaultValueFactory = _ => "/var/lib/nats-server/jetstream" };
        var command = new Command("broker-config", "On the hub: make its broker CA and certificates and write the broker's configuration (and point the hub at it).") { mosquitto, nats, hosts, port, address, plugin, nodePorts, nodeFolder, store };
        command.SetAction(async context =>
        {
            if (context.Get(mosquitto) == context.Get(nats)) throw new UserErrorException("give --mosquitto or --nats");
            if (context.Get(nats)) return await WriteNatsAsync(context, context.Get(hosts)!, context.Get(port), context.Get(nodePorts) ?? [], context.Get(nodeFolder), context.Get(store)!);
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
            (settings with { Broker = url, Ca = Path.Combine(BrokerFolder, BrokerAuthority.CertificateFile), Certificate = Path.Combine(BrokerFolder, HubCertificateFile), NatsUsers = null, NatsPidFiles = null }).Write(data.HubConfigPath);
            if (context.Json)
            {
                await context.WriteJsonAsync(new MosquittoOutput(url, config, Path.Combine(folder, BrokerAuthority.CertificateFile), dynamicSecurity));
                return 0;
            }
            await context.Output.WriteLineAsync($"Wrote {config} (and the CA, certificates and dynamic-security file beside it).");
            await context.Output.WriteLineAsync($"Start the broker: mosquitto -c {config}   (as a user that may read {folder} and write its {MosquittoConfig.DynamicSecurityFile})");
            await context.Output.WriteLineAsync($"The hub now uses {url}. Give each gateway {Path.Combine(folder, BrokerAuthority.CertificateFile)}: kiosk hub request there, kiosk hub certify here, kiosk hub link there.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Writes the NATS cluster's files into the broker folder: the CA (the one Mosquitto would use), each node's
    /// certificate (server, and client of the routes) and configuration, the users file the hub keeps, and the hub's
    /// client certificate; and points the hub at the three nodes over TLS.
    /// </summary>
    private static async Task<int> WriteNatsAsync(CommandContext context, string[] hosts, int mqttPort, string[] ports, string? nodeFolder, string store)
    {
        var data = context.Data;
        var settings = HubSettings.Read(data.HubConfigPath) ?? throw new UserErrorException($"{data.Root.FullName} is not a hub's data folder: run kiosk hub init first");
        if (hosts.Length != 3 || hosts.Any(h => Uri.CheckHostName(h) == UriHostNameType.Unknown))
            throw new UserErrorException($"--nats: give three --host, one per node ({string.Join(", ", hosts)})");
        if (mqttPort is not (> 0 and < 65536)) throw new UserErrorException($"--port {mqttPort} is not a port");
        if (ports.Length is not (0 or 3)) throw new UserErrorException($"--node-ports: give none or one per --host ({ports.Length} given)");
        var nodes = new List<NatsNode>();
        for (var i = 0; i < hosts.Length; i++)
        {
            if (ports.Length == 0)
            {
                nodes.Add(new NatsNode(hosts[i], mqttPort));
                continue;
            }
            var parts = ports[i].Split(':');
            var numbers = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536 ? n : 0).ToArray();
            if (parts.Length != 3 || numbers.Contains(0) || numbers.Distinct().Count() != 3)
                throw new UserErrorException($"--node-ports '{ports[i]}': give MQTT:ROUTE:CLIENT, three different ports");
            nodes.Add(new NatsNode(hosts[i], numbers[0], numbers[1], numbers[2]));
        }
        if (nodes.Select(n => (n.Host.ToUpperInvariant(), n.MqttPort)).Distinct().Count() != 3)
            throw new UserErrorException($"--nats: the three nodes must differ (a host each, or --node-ports on one host): {string.Join(", ", hosts)}");
        var folder = Path.Combine(data.Root.FullName, BrokerFolder);
        var onNodes = Path.GetFullPath(nodeFolder ?? folder);
        var now = DateTimeOffset.UtcNow;
        using var key = data.ReadKey(DataFolder.HubKeyName);
        using var tls = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(DataFolder.HubKeyName), key.PublicKey);
        using var authority = BrokerAuthority.LoadOrCreate(folder, key.PublicKey, now);
        var files = new List<string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var (certificate, privateKey) = authority.IssueServer([nodes[i].Host], now, route: true);
            await File.WriteAllTextAsync(Path.Combine(folder, NatsConfig.CertificateFile(i)), certificate);
            BrokerAuthority.WritePrivate(Path.Combine(folder, NatsConfig.KeyFile(i)), privateKey);
            var file = Path.Combine(folder, NatsConfig.FileName(i));
            await File.WriteAllTextAsync(file, NatsConfig.Node(nodes, i, onNodes, store));
            files.Add(file);
        }
        using (var hubCertificate = authority.IssueClient(key.PublicKey, tls.PublicKey, now))
            await File.WriteAllTextAsync(Path.Combine(folder, HubCertificateFile), hubCertificate.ExportCertificatePem());
        // The hub rewrites the users file from its ledgers when it runs; until then its only user is the hub, allowed nothing.
        var users = Path.Combine(folder, NatsConfig.UsersFile);
        if (!File.Exists(users)) await File.WriteAllTextAsync(users, NatsPermissions.Users(key.PublicKey, new Dictionary<string, (AssemblyId, Bytes32)>()));
        // The hub signals the nodes only when they run here, reading its own folder; nodes elsewhere get the file copied.
        IReadOnlyList<string> pidFiles = onNodes == Path.GetFullPath(folder) ? [.. nodes.Select((_, i) => Path.Combine(folder, NatsConfig.PidFile(i)))] : [];
        var brokers = nodes.Select(n => new Uri($"mqtts://{(n.Host.Contains(':', StringComparison.Ordinal) ? $"[{n.Host}]" : n.Host)}:{n.MqttPort}")).ToList();
        var url = HubSettings.FormatBrokers(brokers);
        (settings with
        {
            Broker = url, Ca = Path.Combine(BrokerFolder, BrokerAuthority.CertificateFile), Certificate = Path.Combine(BrokerFolder, HubCertificateFile),
            NatsUsers = Path.Combine(BrokerFolder, NatsConfig.UsersFile), NatsPidFiles = pidFiles,
        }).Write(data.HubConfigPath);
        if (context.Json)
        {
            await context.WriteJsonAsync(new NatsOutput(files, url, Path.Combine(folder, BrokerAuthority.CertificateFile), users, pidFiles));
            return 0;
        }
        await context.Output.WriteLineAsync($"Wrote {string.Join(", ", files)} (and the CA, each node's certificate and key, and {NatsConfig.UsersFile} beside them).");
        await context.Output.WriteLineAsync($"Copy to node N, into {onNodes}: nats-N.conf, nats-N.crt, nats-N.key, {BrokerAuthority.CertificateFile} and {NatsConfig.UsersFile}; start it there: nats-server -c {Path.Combine(onNodes, "nats-N.conf")} (docs/hub.md).");
        await context.Output.WriteLineAsync(pidFiles.Count > 0
            ? $"The hub keeps {users} in step with its enrolments and has the nodes reload it."
            : $"The hub keeps {users} in step with its enrolments: copy it to every node and reload them (systemctl reload nats-server) when it changes (docs/hub.md).");
        await context.Output.WriteLineAsync($"The hub now uses {url}. Give each gateway {Path.Combine(folder, BrokerAuthority.CertificateFile)}: kiosk hub request there, kiosk hub certify here, kiosk hub link there.");
        return 0;
    }

    public static Command Request()
    {
        var ca = new Option<FileInfo>("--ca") { Description = "The hub's broker CA certificate (ca.crt from kiosk hub broker-config).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the request (take it to the hub: kiosk hub certify, or kiosk hub bundle for a new gateway).", Required = true };
        var gateway = GatewayOption.Create("The gateway asking");
        var assemblyOption = new Option<string?>("--assembly") { Description = "A new gateway (an empty data folder): the assembly it joins; its key is made here." };
        var name = new Option<string?>("--name") { Description = "A new gateway: the name it will be enrolled under." };
        var command = new Command("request", "On a gateway: write the signed request for its broker client certificate, for the hub whose CA is given (with --assembly and --name on a new gateway's empty folder).") { ca, output, gateway, assemblyOption, name };
        command.SetAction(async context =>
        {
            var data = context.Data;
            using var authority = HubSettings.LoadPem(context.Get(ca)!.FullName);
            var hub = BrokerAuthority.HubKeyOf(authority) ?? throw new UserErrorException($"{context.Get(ca)!.Name} is not a hub's broker CA (it names no key)");
            AssemblyId assembly;
            string keyName, gatewayName;
            if (data.HasLedger)
            {
                await using var ledger = data.OpenLedger();
                var self = GatewayName.Resolve(data, ledger.Authority, context.Get(gateway), needKey: true);
                if (ledger.Authority.RoleOf(hub) != Role.Hub || ledger.Authority.Members[hub].IsRemoved)
                    throw new UserErrorException($"{context.Get(ca)!.Name} is not the CA of a hub enrolled in this assembly (it names {hub.ShortHex})");
                (assembly, keyName, gatewayName) = (ledger.Assembly!.Value, self.KeyName!, self.Name);
            }
            else
            {
                // A new gateway: it has no ledger yet, so it pins the assembly and hub it asks for, and makes its key.
                if (!AssemblyId.TryParse(context.Get(assemblyOption), out assembly) || context.Get(name) is not { Length: > 0 } given)
                    throw new UserErrorException($"{data.Root.FullName} holds no ledger: for a new gateway give --assembly ID and --name NAME");
                gatewayName = given;
                keyName = "gateway-" + given;
                if (!File.Exists(data.KeyPath(keyName))) data.CreateKey(keyName).Dispose();
                new JoinRecord(assembly.ToString(), hub.ToHex(), gatewayName, keyName).Write(JoinPath(data));
            }
            using var key = data.ReadKey(keyName);
            using var tls = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(keyName), key.PublicKey);
            var request = BrokerCertificateRequest.Create(key, assembly, tls, authority);
            await File.WriteAllTextAsync(context.Get(output)!.FullName, request.ToJson());
            if (context.Json) await context.WriteJsonAsync(new RequestOutput(gatewayName, key.PublicKey.ToHex(), hub.ToHex(), context.Get(output)!.FullName));
            else
            {
                await context.Output.WriteLineAsync($"Wrote {context.Get(output)!.FullName} for gateway {gatewayName}, key {key.PublicKey.ToHex()}.");
                await context.Output.WriteLineAsync(data.HasLedger
                    ? $"On the hub: kiosk hub certify --request {context.Get(output)!.Name} --output {gatewayName}.crt"
                    : $"A facilitator enrols it (kiosk gateway enrol --name {gatewayName} --key {key.PublicKey.ToHex()}); once the hub holds that, on the hub: kiosk hub bundle --request {context.Get(output)!.Name} --output {gatewayName}.bundle");
            }
            return 0;
        });
        return command;
    }

    private static string JoinPath(DataFolder data) => Path.Combine(data.MeshPath, "join.json");

    public static Command Certify()
    {
        var input = new Option<FileInfo>("--request") { Description = "A gateway's request (kiosk hub request).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the gateway's client certificate (PEM).", Required = true };
        var command = new Command("certify", "On the hub: check a gateway's request against the hub's ledger of its assembly and issue its broker client certificate.") { input, output };
        command.SetAction(async context =>
        {
            var issued = await IssueAsync(context, context.Get(input)!, null);
            await File.WriteAllTextAsync(context.Get(output)!.FullName, issued.Certificate);
            if (context.Json) await context.WriteJsonAsync(new CertifyOutput(issued.Node.ToHex(), issued.Assembly.ToString(), context.Get(output)!.FullName));
            else await context.Output.WriteLineAsync($"Issued {issued.Node.ShortHex}'s broker certificate: {context.Get(output)!.FullName}. On the gateway: kiosk hub link {HubSettings.Read(context.Data.HubConfigPath)?.Broker} --ca ca.crt --certificate {context.Get(output)!.Name}");
            return 0;
        });
        return command;
    }

    public static Command Bundle()
    {
        var input = new Option<FileInfo>("--request") { Description = "The new gateway's request (kiosk hub request --assembly --name).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the bundle (the new gateway starts from it: kiosk hub join).", Required = true };
        var command = new Command("bundle", "On the hub: check a new gateway's request and write its enrolment bundle (ledger, pinned keys, broker URL and CA, its certificate).") { input, output };
        command.SetAction(async context =>
        {
            var broker = HubSettings.Read(context.Data.HubConfigPath)?.Broker;
            if (broker is null || HubSettings.ParseBroker(broker).Scheme != "mqtts") throw new UserErrorException("this hub's broker is not TLS yet: run kiosk hub broker-config --mosquitto (or --nats) first");
            var bundle = (await IssueAsync(context, context.Get(input)!, broker)).Bundle!;
            await File.WriteAllTextAsync(context.Get(output)!.FullName, bundle.ToJson());
            if (context.Json) await context.WriteJsonAsync(new BundleOutput(bundle.Assembly, broker, bundle.Peers.Count, context.Get(output)!.FullName));
            else await context.Output.WriteLineAsync($"Wrote {context.Get(output)!.FullName}: on the new gateway, kiosk hub join --bundle {context.Get(output)!.Name}");
            return 0;
        });
        return command;
    }

    /// <summary>Checks the request file against the hub's ledger and issues the certificate; with <paramref name="bundleBroker"/>, the whole bundle too.</summary>
    private static async Task<(AssemblyId Assembly, Bytes32 Node, string Certificate, EnrolmentBundle? Bundle)> IssueAsync(CommandContext context, FileInfo file, string? bundleBroker)
    {
        var data = context.Data;
        if (!file.Exists) throw new UserErrorException($"{file.FullName} does not exist");
        var request = BrokerCertificateRequest.Parse(await File.ReadAllTextAsync(file.FullName), out var problem)
            ?? throw new UserErrorException($"{file.Name}: {problem}");
        if (!AssemblyId.TryParse(request.Assembly, out var assembly)) throw new UserErrorException($"{file.Name}: '{request.Assembly}' is not an assembly id");
        var folder = Path.Combine(data.Root.FullName, BrokerFolder);
        if (!File.Exists(Path.Combine(folder, BrokerAuthority.KeyFile))) throw new UserErrorException("this hub has no broker CA yet: run kiosk hub broker-config --mosquitto (or --nats) first");
        await using var database = await HubCommand.OpenDatabaseAsync(context);
        if (!(await database.AssembliesAsync(context.Cancellation)).Contains(assembly))
            throw new UserErrorException($"refused: this hub holds no assembly {assembly} (kiosk hub import it first)");
        await using var ledger = database.OpenLedger(assembly, new LedgerOptions { Kinds = DataFolder.Kinds() });
        using var key = data.ReadKey(DataFolder.HubKeyName);
        var now = DateTimeOffset.UtcNow;
        using var authority = BrokerAuthority.LoadOrCreate(folder, key.PublicKey, now);
        var refusal = BrokerCertificateIssuer.Check(request, assembly, ledger.Authority, authority.Certificate, out var node, out var tls);
        if (refusal is not null) throw new UserErrorException($"refused: {refusal}");
        string certificate;
        using (tls)
        using (var issued = authority.IssueClient(node, tls!.PublicKey, now))
            certificate = issued.ExportCertificatePem();
        if (bundleBroker is null) return (assembly, node, certificate, null);
        using var archive = new MemoryStream();
        await LedgerArchive.WriteAsync(ledger, archive, context.Cancellation);
        var peers = ledger.Authority.Members.Values.Where(m => m.Role is Role.Gateway or Role.Hub && !m.IsRemoved).OrderBy(m => m.Key)
            .Select(m => new Kiosk.Hub.PinnedKey(m.Name, m.Key.ToHex(), m.Role == Role.Hub ? "hub" : "gateway")).ToList();
        return (assembly, node, certificate, new EnrolmentBundle
        {
            Assembly = assembly.ToString(), Broker = bundleBroker, Hub = key.PublicKey.ToHex(), Peers = peers,
            Ca = authority.Certificate.ExportCertificatePem(), Certificate = certificate, Ledger = Convert.ToBase64String(archive.ToArray()),
        });
    }

    public static Command Join()
    {
        var input = new Option<FileInfo>("--bundle") { Description = "The bundle the hub wrote for this gateway (kiosk hub bundle).", Required = true };
        var command = new Command("join", "On a new gateway: start from the hub's enrolment bundle (its ledger is checked event by event; its keys against what was asked for), linked to the hub.") { input };
        command.SetAction(async context =>
        {
            var data = context.Data;
            var file = context.Get(input)!;
            if (!file.Exists) throw new UserErrorException($"{file.FullName} does not exist");
            var asked = JoinRecord.Read(JoinPath(data)) ?? throw new UserErrorException($"{data.Root.FullName} asked no hub to join: run kiosk hub request --assembly ID --name NAME --ca ca.crt first");
            var bundle = EnrolmentBundle.Parse(await File.ReadAllTextAsync(file.FullName), out var problem) ?? throw new UserErrorException($"{file.Name}: {problem}");
            // The pins: the bundle must be of the assembly and hub this gateway asked, and certify this gateway's key.
            if (bundle.Assembly != asked.Assembly) throw new UserErrorException($"{file.Name} is of assembly {bundle.Assembly}; this gateway asked to join {asked.Assembly}");
            if (bundle.Hub != asked.Hub) throw new UserErrorException($"{file.Name} is from hub {bundle.Hub[..12]}; this gateway asked hub {asked.Hub[..12]}");
            using var key = data.ReadKey(asked.KeyName);
            using var tls = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(asked.KeyName), key.PublicKey);
            using var ca = X509Certificate2.CreateFromPem(bundle.Ca);
            using var certificate = X509Certificate2.CreateFromPem(bundle.Certificate);
            if (BrokerAuthority.HubKeyOf(ca)?.ToHex() != asked.Hub) throw new UserErrorException($"{file.Name}: its CA is not hub {asked.Hub[..12]}'s");
            if (HubSettings.CheckIssued(certificate, ca, key.PublicKey, tls) is { } wrong) throw new UserErrorException($"{file.Name}: {wrong}");
            (LedgerArchive.Header header, List<byte[]> raws) archive;
            await using (var stream = new MemoryStream(Convert.FromBase64String(bundle.Ledger))) archive = await LedgerArchive.ReadAsync(stream, file.Name, context.Cancellation);
            if (archive.header.Assembly != asked.Assembly) throw new UserErrorException($"{file.Name}: its ledger is of assembly {archive.header.Assembly}, not {asked.Assembly}");
            if (data.HasLedger) throw new UserErrorException($"{data.Root.FullName} already holds a ledger: join starts a new gateway");
            string? disagreement;
            await using (var ledger = data.OpenLedger(mustExist: false, check: false))
            {
                var results = await ledger.ReceiveAsync(archive.raws, context.Cancellation);
                var refused = results.Count(r => r.Status == ReceiveStatus.Rejected && r.Rejection!.Reason != RejectReason.Duplicate);
                var authority = ledger.Authority;
                disagreement = refused > 0 ? $"{refused} of its events were refused"
                    : ledger.Assembly?.ToString() != asked.Assembly ? "its ledger holds no genesis of the assembly"
                    : authority.RoleOf(key.PublicKey) != Role.Gateway || authority.Members[key.PublicKey].IsRemoved ? $"this gateway's key ({key.PublicKey.ShortHex}) is not enrolled in it yet"
                    : bundle.Peers.FirstOrDefault(p => !Bytes32.TryParseHex(p.Key, out var k) || !authority.Members.TryGetValue(k, out var m) || m.IsRemoved
                        || (m.Role == Role.Hub ? "hub" : m.Role == Role.Gateway ? "gateway" : "") != p.Role) is { } pin ? $"its pinned key of {pin.Name} ({pin.Key[..12]}) does not match its ledger"
                    : authority.RoleOf(Bytes32.TryParseHex(asked.Hub, out var h) ? h : default) != Role.Hub ? "its hub is not enrolled as a hub in its ledger"
                    : null;
            }
            if (disagreement is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var path in Directory.GetFiles(data.Root.FullName, "ledger.db*")) File.Delete(path); // nothing changed on bad input
                throw new UserErrorException($"{file.Name}: {disagreement}; nothing was kept");
            }
            Directory.CreateDirectory(data.MeshPath);
            File.WriteAllText(Path.Combine(data.MeshPath, HubCommand.UplinkCa), bundle.Ca);
            File.WriteAllText(Path.Combine(data.MeshPath, HubCommand.UplinkCertificate), bundle.Certificate);
            new HubSettings { Broker = bundle.Broker, Ca = HubCommand.UplinkCa, Certificate = HubCommand.UplinkCertificate }.Write(data.UplinkPath);
            if (context.Json) await context.WriteJsonAsync(new JoinOutput(asked.Assembly, asked.Name, archive.raws.Count, bundle.Broker));
            else await context.Output.WriteLineAsync($"Gateway {asked.Name} joined assembly {asked.Assembly} with {archive.raws.Count} events; it syncs through {bundle.Broker}: kiosk run --gateway {asked.Name}");
            return 0;
        });
        return command;
    }

    /// <summary>The --json output of hub broker-config --mosquitto.</summary>
    internal sealed record MosquittoOutput(string Broker, string Config, string Ca, string DynamicSecurity);

    /// <summary>The --json output of hub broker-config --nats.</summary>
    internal sealed record NatsOutput(List<string> Files, string Broker, string Ca, string Users, IReadOnlyList<string> PidFiles);

    /// <summary>The --json output of hub request.</summary>
    internal sealed record RequestOutput(string Gateway, string Key, string Hub, string File);

    /// <summary>The --json output of hub certify.</summary>
    internal sealed record CertifyOutput(string Key, string Assembly, string File);

    /// <summary>The --json output of hub bundle.</summary>
    internal sealed record BundleOutput(string Assembly, string Broker, int Peers, string File);

    /// <summary>The --json output of hub join.</summary>
    internal sealed record JoinOutput(string Assembly, string Gateway, int Events, string Broker);
}
