using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk demo --gateways N</c> (2 to 5): the demo assembly on N gateways on this machine, linked in a line (each
/// dials the one before it), each with its own data folder under the demo folder and its own ports (kiosk and board,
/// console, device broker, peer listener). It adds an open "show of hands" ballot, so a vote cast at the first
/// gateway's kiosk is counted on the last one's board within seconds, and prints, as each gateway counts a vote, that it
/// did. Ctrl+C stops them all. Run again, it reuses the folders.
/// </summary>
public static class MeshDemo
{
    /// <summary>Most gateways a mesh demo runs.</summary>
    public static int MaxGateways => DemoAssembly.GatewayNames.Count;

    /// <summary>How often the demo looks at what each gateway counts.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>The data folder of gateway <paramref name="index"/> (0-based) under the demo folder.</summary>
    public static DataFolder FolderOf(DataFolder demo, int index) =>
        new(new DirectoryInfo(Path.Combine((demo ?? throw new ArgumentNullException(nameof(demo))).Root.FullName, DemoAssembly.GatewayNames[index])));

    /// <summary>Creates (or reuses) the gateways' folders, then serves them all until Ctrl+C (only creates with <paramref name="noServe"/>).</summary>
    public static async Task<int> RunAsync(CommandContext context, ServeOptions serve, int count, bool noServe, Func<DataFolder, Uri, TextWriter, Task>? runButtons)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(serve);
        if (count < 2 || count > MaxGateways) throw new UserErrorException($"--gateways is between 1 and {MaxGateways}, not {count}");
        if (context.Get(serve.PeerPort) < 0) throw new UserErrorException("--gateways links the gateways through their peer listeners: drop --peer-port -1");
        var folders = Enumerable.Range(0, count).Select(i => FolderOf(context.Data, i)).ToList();
        var created = !folders[0].HasLedger;
        if (created) await CreateAsync(folders, context.Cancellation);
        else if (folders.FirstOrDefault(f => !f.HasLedger) is { } missing)
            throw new UserErrorException($"{context.Data.Root.FullName} holds a mesh demo of fewer gateways ({missing.Root.Name} is missing); use an empty --data folder for --gateways {count}");

        await using (var ledger = folders[0].OpenLedger())
        {
            var o = context.Output;
            if (context.Json)
            {
                await context.WriteJsonAsync(new MeshDemoOutput(created, context.Data.Root.FullName, ledger.Assembly?.ToString(), ledger.Authority.AssemblyName,
                    folders.Select((f, i) => new MeshDemoGateway(DemoAssembly.GatewayNames[i], f.Root.FullName, i == 0 ? null : DemoAssembly.GatewayNames[i - 1]))));
                return 0;
            }
            await o.WriteLineAsync($"{(created ? "Created" : "Reusing")} the mesh demo in {context.Data.Root.FullName}: {count} gateways of one assembly, linked in a line");
            await o.WriteLineAsync($"  assembly:  {ledger.Authority.AssemblyName} ({ledger.Assembly})");
            for (var i = 0; i < count; i++)
                await o.WriteLineAsync($"  gateway {i + 1}: {DemoAssembly.GatewayNames[i],-17} data {folders[i].Root.FullName}{(i == 0 ? "" : $" (dials {DemoAssembly.GatewayNames[i - 1]})")}");
        }
        if (noServe)
        {
            await context.Output.WriteLineAsync("Try next:");
            await context.Output.WriteLineAsync($"  ./kiosk demo --gateways {count} --data {context.Data.Root.FullName}    # serve them all");
            await context.Output.WriteLineAsync($"  ./kiosk status --data {folders[^1].Root.FullName}");
            return 0;
        }
        return await ServeAsync(context, serve, folders, runButtons);
    }

    /// <summary>
    /// Makes the demo assembly in the first folder (with every gateway enrolled and the show of hands), then gives each
    /// other gateway a copy of its ledger, its own gateway key (moved, so each key lives in one folder only) and the
    /// facilitator's key and passphrase lock (so Ana can log in at any console).
    /// </summary>
    private static async Task CreateAsync(List<DataFolder> folders, CancellationToken cancellationToken)
    {
        var first = folders[0];
        await DemoAssembly.CreateAsync(first, DemoCommand.DemoCodes, cancellationToken, gateways: folders.Count, showOfHands: true);
        await DemoButtons.PrepareAsync(first, cancellationToken);
        // The ledgers are closed (their pools cleared), so ledger.db is whole on its own.
        for (var i = 1; i < folders.Count; i++)
        {
            var folder = folders[i];
            Directory.CreateDirectory(folder.Root.FullName);
            File.Copy(first.LedgerPath, folder.LedgerPath);
            folder.CreateKeysFolder();
            var key = DemoAssembly.KeyOf(DemoAssembly.GatewayNames[i]);
            File.Move(first.KeyPath(key), folder.KeyPath(key));
            File.Copy(first.KeyPath(DemoAssembly.FacilitatorKey), folder.KeyPath(DemoAssembly.FacilitatorKey));
            File.Copy(PassphraseLock.PathOf(first.KeysPath, DemoAssembly.FacilitatorKey), PassphraseLock.PathOf(folder.KeysPath, DemoAssembly.FacilitatorKey));
        }
    }

    private static async Task<int> ServeAsync(CommandContext context, ServeOptions serve, List<DataFolder> folders, Func<DataFolder, Uri, TextWriter, Task>? runButtons)
    {
        var o = context.Output;
        var hosts = new List<GatewayHost>();
        try
        {
            for (var i = 0; i < folders.Count; i++)
            {
                var name = DemoAssembly.GatewayNames[i];
                // Each gateway dials the one before it; the address is that one's peer listener now (its port may be a free one).
                var book = PeerBook.Load(folders[i].PeersPath, out var problem) ?? throw new UserErrorException(problem!);
                foreach (var old in book.Peers.ToList()) book.Remove(old.Name);
                if (i > 0 && book.Add(DemoAssembly.GatewayNames[i - 1], hosts[i - 1].PeerUri!.GetLeftPart(UriPartial.Authority)) is { } bad) throw new UserErrorException(bad);
                var options = serve.Read(context, DemoAssembly.KeyOf(name), folders[i].Root.FullName, i) with { LogName = name };
                hosts.Add(await GatewayHost.StartAsync(options, context.Cancellation));
            }

            await o.WriteLineAsync();
            await o.WriteLineAsync($"The {folders.Count} gateways are running (Ctrl+C stops them all):");
            for (var i = 0; i < hosts.Count; i++)
            {
                await o.WriteLineAsync($"gateway {i + 1}, {DemoAssembly.GatewayNames[i]}:");
                await ServeOptions.PrintUrlsAsync(o, hosts[i]);
            }
            await o.WriteLineAsync($"  login:    Ana, passphrase \"{DemoAssembly.FacilitatorPassphrase}\", at any gateway's console (demo only)");
            var codes = File.Exists(DemoAssembly.CodesPath(folders[0])) ? File.ReadAllLines(DemoAssembly.CodesPath(folders[0])).Where(l => l.Length > 0).ToList() : [];
            if (codes.Count > 0) await o.WriteLineAsync($"  voter codes (each valid for every demo ballot): {string.Join("  ", codes)}");
            // What each gateway counts is noted before the guide invites a vote, so a vote cast while the buttons run
            // (or before the first look) is still said, once per gateway, as it crosses the line.
            var counted = hosts.Select(Counts).ToList();
            await PrintGuideAsync(o, hosts);
            if (hosts[0].DeviceBrokerUri is { } broker && runButtons is not null) await runButtons(folders[0], broker, o);

            using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
            var watch = WatchAsync(o, hosts, counted, watching.Token);
            await hosts[0].WaitAsync(context.Cancellation);
            await watching.CancelAsync();
            await watch;
        }
        finally
        {
            // The end of the line first, so no gateway redials one that is already gone.
            // Each gets a bounded wait, so one gateway that is slow to let go never keeps Ctrl+C from ending the demo.
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                var stopping = hosts[i].DisposeAsync().AsTask();
                if (await Task.WhenAny(stopping, Task.Delay(StopWait, TimeProvider.System)) != stopping)
                    await o.WriteLineAsync($"[{DemoAssembly.GatewayNames[i]}] did not finish stopping within {StopWait.TotalSeconds:0} s; leaving it");
            }
        }
        await o.WriteLineAsync($"Stopped the {hosts.Count} gateways.");
        return 0;
    }

    private static async Task PrintGuideAsync(TextWriter o, List<GatewayHost> hosts)
    {
        var first = hosts[0];
        var last = hosts[^1];
        var title = first.Context.Reports.Get(DemoAssembly.ShowOfHands) is { } report ? Translations.Pick(report.Ballot.Definition.Title, "en") : DemoAssembly.ShowOfHands;
        var line = string.Join(" → ", DemoAssembly.GatewayNames.Take(hosts.Count));
        await o.WriteLineAsync();
        await o.WriteLineAsync("Watch a vote cross the line:");
        await o.WriteLineAsync($"  1. Open gateway {hosts.Count}'s board: {new Uri(last.ResidentUri, "board")}");
        await o.WriteLineAsync($"  2. At gateway 1's kiosk, {new Uri(first.ResidentUri, "kiosk")}, enter a voter code and vote on \"{title}\".");
        await o.WriteLineAsync($"  3. Within seconds gateway {hosts.Count}'s board counts it: the vote went {line}. A line below says when each gateway counts it.");
        await o.WriteLineAsync("  The show of hands is an open vote (not secret), so each vote enters the ledger at once. The other demo ballots are secret:");
        await o.WriteLineAsync($"  a secret vote waits in the ballot box of the gateway where it was cast until {BallotDefinition.DefaultBatchSize} votes of that ballot are in there,");
        await o.WriteLineAsync($"  or {BallotDefinition.DefaultBatchMinutes} minutes after the first, or the ballot closes; then the batch enters the ledger, shuffled, and crosses the line the same way.");
        await o.WriteLineAsync("  Every board and console says \"in step with N of M gateways\": how many gateways are known to hold what that one holds.");
        await o.WriteLineAsync();
    }

    /// <summary>How long Ctrl+C waits for each gateway to stop.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Says, as it happens, when a gateway counts more (or fewer) votes on a ballot than in <paramref name="counted"/>:
    /// a vote travelling down the line shows once per gateway.
    /// </summary>
    private static async Task WatchAsync(TextWriter o, List<GatewayHost> hosts, List<Dictionary<string, (string Title, int Votes)>> counted, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                for (var i = 0; i < hosts.Count; i++)
                {
                    var now = Counts(hosts[i]);
                    foreach (var (ballot, (title, votes)) in now)
                    {
                        var known = counted[i].TryGetValue(ballot, out var before);
                        if (known ? before.Votes == votes : votes == 0) continue;
                        await o.WriteLineAsync($"[{DemoAssembly.GatewayNames[i]}] counts {votes} vote{(votes == 1 ? "" : "s")} on \"{title}\"");
                    }
                    counted[i] = now;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static Dictionary<string, (string Title, int Votes)> Counts(GatewayHost host) =>
        host.Context.Reports.All().ToDictionary(r => r.Ballot.Definition.Id, r => (Translations.Pick(r.Ballot.Definition.Title, "en"), r.Counted.Count), StringComparer.Ordinal);

    /// <summary>The --json output of demo --gateways N.</summary>
    internal sealed record MeshDemoOutput(bool Created, string Data, string? Assembly, string? Name, IEnumerable<MeshDemoGateway> Gateways);

    /// <summary>One gateway of the mesh demo: its folder, and the gateway it dials.</summary>
    internal sealed record MeshDemoGateway(string Name, string Data, string? Dials);
}
