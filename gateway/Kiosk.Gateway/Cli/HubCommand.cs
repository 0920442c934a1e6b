using System.CommandLine;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Hub;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Npgsql;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk hub …</c>: the co-op hub, the same program with no kiosk and no GPIO. On the hub's data folder:
/// <c>init --postgres CONNSTR --broker URL</c> (key, settings, database schema), <c>import</c> (an assembly's ledger
/// file), <c>run</c> (replicate every assembly through the broker), <c>status</c>. On a gateway's: <c>enrol</c> (a
/// facilitator enrols the hub and writes the file it imports), <c>link URL</c> (sync with the hub through its broker
/// from the next <c>kiosk run</c>). Guide: docs/hub.md.
/// </summary>
public static class HubCommand
{
    public static Command Create()
    {
        var command = new Command("hub", "Run a co-op hub (PostgreSQL, a shared MQTT broker), or link a gateway to one.");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Link());
        command.Subcommands.Add(Enrol());
        command.Subcommands.Add(HubBrokerCommands.BrokerConfig());
        command.Subcommands.Add(HubBrokerCommands.Request());
        command.Subcommands.Add(HubBrokerCommands.Certify());
        command.Subcommands.Add(HubBrokerCommands.Bundle());
        command.Subcommands.Add(HubBrokerCommands.Join());
        command.Subcommands.Add(HubFederationCommands.Create());
        return command;
    }

    private static Command Enrol()
    {
        var name = new Option<string>("--name") { Description = "The hub's name in this assembly, e.g. \"coop-hub\".", Required = true };
        var key = new Option<string>("--key") { Description = "The hub's key (64 hex digits), printed by kiosk hub init.", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the assembly's ledger file for the hub (kiosk hub import).", Required = true };
        var signer = SignerOption.Create();
        var command = new Command("enrol", "On a facilitator's gateway: enrol the co-op hub in this assembly and write the ledger file the hub imports.") { name, key, output, signer };
        command.Aliases.Add("enroll");
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var hubKey = LedgerWrites.ParseKey(context.Get(key)!, "--key");
            var e = await ledger.AppendOrFailAsync(author, EventKinds.GatewayEnrolled,
                new Kiosk.Ledger.Bodies.GatewayEnrolledBody(hubKey.ToHex(), context.Get(name)!, Kiosk.Ledger.Bodies.GatewayEnrolledBody.HubRole), context.Cancellation);
            var count = await ExportCommand.WriteFileAsync(ledger, context.Get(output)!, context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new HubEnrolOutput(context.Get(name), hubKey.ToHex(), e.Id.ToHex(), context.Get(output)!.FullName, count, ledger.Assembly?.ToString()));
            else await context.Output.WriteLineAsync($"Enrolled hub {context.Get(name)} (key {hubKey.ShortHex}…); wrote {count} events to {context.Get(output)!.FullName}: on the hub, kiosk hub import --input {context.Get(output)!.Name}");
            return 0;
        });
        return command;
    }

    private static Command Init()
    {
        var postgres = new Option<string>("--postgres") { Description = "The hub database: an Npgsql connection string, e.g. \"Host=127.0.0.1;Username=kiosk;Database=kiosk\".", Required = true };
        var broker = new Option<string>("--broker") { Description = "The broker gateways reach the hub through: mqtt://HOST:PORT (a broker cluster: each node's URL, separated by commas).", Required = true };
        var command = new Command("init", "Make this data folder a hub's: its key, its settings, and the database schema (versioned migrations).") { postgres, broker };
        command.SetAction(async context =>
        {
            var data = context.Data;
            var brokerText = HubSettings.FormatBrokers(HubSettings.ParseBrokers(context.Get(broker)));
            IReadOnlyList<int> applied;
            try
            {
                applied = await HubDatabase.MigrateAsync(context.Get(postgres)!, context.Cancellation);
            }
            catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidDataException)
            {
                throw new UserErrorException($"cannot set up the hub database: {e.Message}");
            }
            var key = File.Exists(data.KeyPath(DataFolder.HubKeyName)) ? data.ReadKey(DataFolder.HubKeyName) : data.CreateKey(DataFolder.HubKeyName);
            using (key)
            {
                // Run again (a new database server, another broker), init keeps what broker-config wrote: the CA and the hub's certificate.
                ((HubSettings.Read(data.HubConfigPath) ?? new HubSettings()) with { Postgres = context.Get(postgres), Broker = brokerText }).Write(data.HubConfigPath);
                PeerCertificate.LoadOrCreate(data.PeerCertificatePath(DataFolder.HubKeyName), key.PublicKey).Dispose();
                if (context.Json)
                {
                    await context.WriteJsonAsync(new HubInitOutput(key.PublicKey.ToHex(), HubDatabase.SchemaVersion, applied, brokerText));
                    return 0;
                }
                await context.Output.WriteLineAsync($"Hub ready in {data.Root.FullName}: database schema {HubDatabase.SchemaVersion} ({(applied.Count == 0 ? "already up to date" : "applied " + string.Join(", ", applied))}).");
                await context.Output.WriteLineAsync($"Hub key {key.PublicKey.ToHex()}");
                await context.Output.WriteLineAsync("Enrol it in an assembly (on a facilitator's gateway): kiosk gateway enrol --name hub --key KEY --hub; then kiosk export there and kiosk hub import here.");
            }
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "An assembly's ledger file, written by kiosk export.", Required = true };
        var command = new Command("import", "Add an assembly to the hub from its ledger file: every event is checked as if it came from a peer.") { input };
        command.SetAction(async context =>
        {
            var file = context.Get(input)!;
            if (!file.Exists) throw new UserErrorException($"{file.FullName} does not exist");
            (LedgerArchive.Header header, List<byte[]> raws) archive;
            await using (var stream = file.OpenRead()) archive = await LedgerArchive.ReadAsync(stream, file.Name, context.Cancellation);
            if (!AssemblyId.TryParse(archive.header.Assembly, out var assembly)) throw new UserErrorException($"{file.Name} names no assembly");
            await using var database = await OpenDatabaseAsync(context);
            await using var ledger = database.OpenLedger(assembly, new LedgerOptions { Kinds = DataFolder.Kinds() });
            var report = await LedgerImport.ImportAsync(ledger, archive.raws, context.Cancellation);
            var (accepted, refused) = (report.Accepted, report.Refused);
            if (context.Json) await context.WriteJsonAsync(new HubImportOutput(assembly.ToString(), accepted, refused.Count, ledger.StateHash().ToHex()));
            else await context.Output.WriteLineAsync($"Assembly {assembly}: {accepted} events accepted, {refused.Count} refused; state hash {ledger.StateHash().ToHex()}");
            return refused.Count == 0 ? 0 : CliRun.CheckFailed;
        });
        return command;
    }

    private static Command Run()
    {
        var httpPort = new Option<int>("--http-port") { Description = "Port of the public result pages, /health and /metrics (0: any free port, -1: none).", DefaultValueFactory = _ => 8090 };
        var httpAddress = new Option<string>("--http-address") { Description = "Address of the public result pages, /health and /metrics.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("run", "Run the hub: replicate every assembly it holds with its gateways through the broker (Ctrl+C to stop).") { httpPort, httpAddress };
        command.SetAction(async context =>
        {
            if (!System.Net.IPAddress.TryParse(context.Get(httpAddress), out var address)) throw new UserErrorException($"'{context.Get(httpAddress)}' is not an IP address");
            var data = context.Data;
            var settings = Settings(data);
            await using var database = await OpenDatabaseAsync(context);
            using var key = data.ReadKey(DataFolder.HubKeyName);
            using var certificate = PeerCertificate.LoadOrCreate(data.PeerCertificatePath(DataFolder.HubKeyName), key.PublicKey);
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            await using var hub = await HubHost.StartAsync(new HubOptions
            {
                Database = database, HubKey = key, Certificate = certificate, Broker = HubSettings.ParseBroker(settings.Broker), OtherBrokerNodes = [.. HubSettings.ParseBrokers(settings.Broker).Skip(1)], LoggerFactory = loggers,
                BrokerTls = settings.LoadTls(data.HubConfigPath, key.PublicKey, certificate),
                NatsUsersFile = settings.NatsUsers is { } users ? Path.Combine(Path.GetDirectoryName(data.HubConfigPath)!, users) : null,
                NatsPidFiles = settings.NatsPidFiles ?? [],
                Federation = [.. FederationEntry.ReadAll(data.FederationPath).Select(e => e.Load(data.FederationPath, key.PublicKey, certificate))],
            }, context.Cancellation);
            using var pages = new Kiosk.Gateway.Web.Hub.HubPages(hub, data.Root.FullName);
            await using var web = context.Get(httpPort) is var port and >= 0
                ? await HubWeb.StartAsync(hub, address, port, Kiosk.Gateway.Web.Hub.HubPages.AddServices, pages.Map, context.Cancellation)
                : null;
            if (web is not null) await context.Output.WriteLineAsync($"Hub health and metrics: {web.Address.ToString().TrimEnd('/')}/health, /metrics; public results: {web.Address.ToString().TrimEnd('/')}/");
            await context.Output.WriteLineAsync($"Hub {key.PublicKey.ShortHex} serving {hub.Status().Count} assemblies through {settings.Broker} (Ctrl+C to stop).");
            using var timer = new PeriodicTimer(MeshService.StatusInterval);
            try
            {
                do
                {
                    foreach (var status in hub.Status())
                        MeshStatusFile.From(status.Mesh, DateTimeOffset.UtcNow, null).Write(data.HubStatusPath(status.Assembly));
                }
                while (await timer.WaitForNextTickAsync(context.Cancellation));
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Show each assembly the hub holds, with what the running hub last saw of it.");
        command.SetAction(async context =>
        {
            await using var database = await OpenDatabaseAsync(context);
            var rows = new List<(string Assembly, MeshStatusFile? Seen)>();
            foreach (var assembly in await database.AssembliesAsync(context.Cancellation))
                rows.Add((assembly.ToString(), MeshStatusFile.Read(context.Data.HubStatusPath(assembly))));
            if (context.Json)
            {
                await context.WriteJsonAsync(new HubStatusOutput(rows.Select(r => new HubAssemblyLine(r.Assembly, r.Seen?.StateHash, r.Seen?.Events, r.Seen?.Peers.Count(p => p.Connected), r.Seen?.Written))));
                return 0;
            }
            if (rows.Count == 0) await context.Output.WriteLineAsync("No assemblies yet: add one with kiosk hub import --input FILE.");
            foreach (var (assembly, seen) in rows)
                await context.Output.WriteLineAsync(seen is null
                    ? $"{assembly}: not served yet (is kiosk hub run running?)"
                    : $"{assembly}: {seen.Events} events, state {seen.StateHash[..12]}, {seen.Peers.Count(p => p.Connected)} linked now, seen {seen.Written:u}");
            return 0;
        });
        return command;
    }

    private static Command Link()
    {
        var url = new Argument<string>("URL") { Description = "The hub's broker: mqtts://HOST:PORT (or mqtt://HOST:PORT on a private network); a broker cluster: each node's URL, separated by commas." };
        var ca = new Option<FileInfo>("--ca") { Description = "For mqtts: the hub's broker CA certificate (ca.crt)." };
        var issued = new Option<FileInfo>("--certificate") { Description = "For mqtts: this gateway's client certificate (kiosk hub certify on the hub)." };
        var gateway = GatewayOption.Create("The gateway linking");
        var command = new Command("link", "On a gateway: sync with the co-op hub through its broker, from the next kiosk run (back-off while it does not answer).") { url, ca, issued, gateway };
        command.SetAction(async context =>
        {
            var nodes = HubSettings.ParseBrokers(context.Get(url));
            var broker = nodes[0];
            var settings = new HubSettings { Broker = HubSettings.FormatBrokers(nodes) };
            if (broker.Scheme == "mqtts")
            {
                if (context.Get(ca) is not { } caFile || context.Get(issued) is not { } certificateFile)
                    throw new UserErrorException($"{broker} needs --ca (the hub's ca.crt) and --certificate (this gateway's, from kiosk hub certify)");
                await using var ledger = context.Data.OpenLedger();
                var self = GatewayName.Resolve(context.Data, ledger.Authority, context.Get(gateway), needKey: true);
                using var key = context.Data.ReadKey(self.KeyName!);
                using var tls = PeerCertificate.LoadOrCreate(context.Data.PeerCertificatePath(self.KeyName!), key.PublicKey);
                using var authority = HubSettings.LoadPem(caFile.FullName);
                using var certificate = HubSettings.LoadPem(certificateFile.FullName);
                if (HubSettings.CheckIssued(certificate, authority, key.PublicKey, tls) is { } problem) throw new UserErrorException($"{certificateFile.Name}: {problem}");
                Directory.CreateDirectory(context.Data.MeshPath);
                File.WriteAllText(Path.Combine(context.Data.MeshPath, UplinkCa), authority.ExportCertificatePem());
                File.WriteAllText(Path.Combine(context.Data.MeshPath, UplinkCertificate), certificate.ExportCertificatePem());
                settings = settings with { Ca = UplinkCa, Certificate = UplinkCertificate };
            }
            settings.Write(context.Data.UplinkPath);
            if (context.Json) await context.WriteJsonAsync(new UplinkOutput(settings.Broker, context.Data.UplinkPath));
            else await context.Output.WriteLineAsync($"This gateway syncs with the hub through {settings.Broker} from its next kiosk run ({context.Data.UplinkPath}).");
            return 0;
        });
        return command;
    }

    internal const string UplinkCa = "uplink-ca.crt", UplinkCertificate = "uplink.crt";

    private static HubSettings Settings(DataFolder data) =>
        HubSettings.Read(data.HubConfigPath) ?? throw new UserErrorException($"{data.Root.FullName} is not a hub's data folder: run kiosk hub init --postgres CONNSTR --broker URL first");

    internal static async Task<HubDatabase> OpenDatabaseAsync(CommandContext context)
    {
        var settings = Settings(context.Data);
        try
        {
            return await HubDatabase.OpenAsync(settings.Postgres ?? "", context.Data.HubHeadsPath, context.Cancellation);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidDataException)
        {
            throw new UserErrorException($"cannot open the hub database: {e.Message}");
        }
    }

    /// <summary>The --json output of hub enrol.</summary>
    internal sealed record HubEnrolOutput(string? Hub, string Key, string EventId, string File, long Events, string? Assembly);

    /// <summary>The --json output of hub init.</summary>
    internal sealed record HubInitOutput(string HubKey, int Schema, IReadOnlyList<int> Applied, string Broker);

    /// <summary>The --json output of hub import.</summary>
    internal sealed record HubImportOutput(string Assembly, int Accepted, int Refused, string StateHash);

    /// <summary>The --json output of hub status.</summary>
    internal sealed record HubStatusOutput(IEnumerable<HubAssemblyLine> Assemblies);

    /// <summary>One assembly the hub holds, as its last status file says.</summary>
    internal sealed record HubAssemblyLine(string Assembly, string? StateHash, long? Events, int? Connected, DateTimeOffset? Written);

    /// <summary>The --json output of hub uplink.</summary>
    internal sealed record UplinkOutput(string? Broker, string File);
}
