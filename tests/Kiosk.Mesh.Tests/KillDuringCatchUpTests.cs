using System.Diagnostics;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;
using Xunit.Abstractions;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// A <c>kiosk run</c> process catching up thousands of events from a peer is killed with SIGKILL (a power cut, as far
/// as the process can tell) ten times in the middle of it. Each time it must keep every event it had reported
/// committed, and the next run must ask only for what it still lacks — it resumes from its version vector, never
/// from the start — until it holds exactly what its peer holds.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class KillDuringCatchUpTests(ITestOutputHelper output)
{
    private const int Kills = 10;
    private const int Notices = 12_000;

    /// <summary>Events a run must be seen to commit before it is killed: proof that the kill lands in the catch-up.</summary>
    private const int Step = 300;

    [Fact]
    public async Task A_gateway_killed_ten_times_during_catch_up_resumes_from_its_vector_and_keeps_everything_it_committed()
    {
        var clock = Stopwatch.StartNew();
        await using var lab = await MeshLab.CreateAsync(2);
        await WriteNoticesAsync(lab.Data(0), Notices);
        // g2 dials g1 through a slow link (160 KiB/s: a batch of 256 KiB every 1.6 s), so that the catch-up lasts through ten kills.
        await using var relay = new TcpRelay(lab.Ports[0]) { BytesPerSecond = 160 * 1024 };
        await lab.AddPeerAsync(1, 0, relay.Port);
        var total = CountEvents(lab.Data(0));
        await lab.StartAsync(0);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: g1 runs with {Notices:N0} notices g2 lacks");

        var onDisk = CountEvents(lab.Data(1));
        for (var kill = 1; kill <= Kills; kill++)
        {
            var started = DateTimeOffset.UtcNow;
            await lab.StartAsync(1);
            var atStart = onDisk;
            MeshStatusFile? seen = null;
            await Poll.UntilAsync(() => (seen = lab.Processes[1]!.Status) is { } s && s.Written > started && s.Events >= atStart + Step,
                () => $"run {kill} made no progress past {atStart} events:\n{lab.Describe()}", MeshLab.Deadline);
            var reported = seen!;
            // Resumed from its vector: had it asked from the start, what it holds would come again, counted as duplicates.
            var peer = reported.Peers.Single();
            Assert.Equal(0, peer.Duplicates);
            await lab.KillAsync(1);

            onDisk = CountEvents(lab.Data(1));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: kill {kill}: g2 reported {reported.Events:N0} events, holds {onDisk:N0} after SIGKILL (had {atStart:N0} at start; received {peer.EventsReceived:N0} this run)");
            Assert.True(onDisk >= reported.Events, $"kill {kill}: g2 reported {reported.Events} events committed but holds {onDisk} after the kill");
            Assert.True(onDisk < total, $"kill {kill}: g2 holds {onDisk} of g1's {total} events: the catch-up had ended, so the kill was not during it");
        }

        // The last run is not killed: the link is fast again, and g2 ends with exactly g1's events.
        relay.BytesPerSecond = 0;
        var lastStart = DateTimeOffset.UtcNow;
        await lab.StartAsync(1);
        await lab.ConvergedAsync(lastStart);
        var final = lab.Processes[1]!.Status!;
        var link = final.Peers.Single();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: converged at {final.Events:N0} events; the last run received {link.EventsReceived:N0}, {link.Duplicates} duplicates");
        Assert.Equal(lab.Processes[0]!.Status!.Events, final.Events);
        Assert.Equal(0, link.Duplicates);
        Assert.True(link.EventsReceived <= final.Events - onDisk, $"the last run received {link.EventsReceived} events though it lacked only {final.Events - onDisk}");
        var hashes = await Task.WhenAll(Enumerable.Range(0, 2).Select(lab.StateHashAsync));
        Assert.Single(hashes.Distinct());
        await KioskCliRun.Ok(lab.Data(1), "verify");
    }

    /// <summary>
    /// A notice's text: long enough that the catch-up (about 6 MiB) takes some 25 batches of 256 KiB, while a run between
    /// kills takes one or two (a batch is committed at once).
    /// </summary>
    private static readonly string Text = string.Concat(Enumerable.Repeat("Bring a chair and a neighbour. ", 10));

    /// <summary>Writes <paramref name="count"/> notices, by the founder and by Ana, into the ledger of <paramref name="data"/> (before its gateway runs).</summary>
    private static async Task WriteNoticesAsync(string data, int count)
    {
        var folder = new DataFolder(new DirectoryInfo(data));
        await using (var ledger = folder.OpenLedger())
        {
            using var founder = folder.ReadKey(DataFolder.FounderKeyName);
            using var ana = folder.ReadKey("facilitator-ana");
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ledger.AppendAsync(i % 2 == 0 ? founder : ana, VotingKinds.NoticePosted,
                BodyJson.Write(new NoticePostedBody($"n{i}", new() { ["en"] = $"Notice {i}" }, new() { ["en"] = Text })))));
            Assert.All(results, r => Assert.True(r.IsCommitted, r.Rejection?.ToString()));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The events held in <paramref name="data"/>'s ledger, read afresh from the file.</summary>
    private static long CountEvents(string data)
    {
        long count;
        using (var ledger = new DataFolder(new DirectoryInfo(data)).OpenLedger()) count = ledger.Vector.TotalEvents;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return count;
    }
}
