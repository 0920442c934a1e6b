using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;
using MQTTnet;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// Rollback detection with real <c>kiosk run</c> processes (docs/mesh.md, "Rollback"): g1 is restored from an older copy
/// of its data folder while g2 holds the votes it took since. Told so by a peer's have, g1 writes nothing — its kiosk
/// refuses votes, the command line too, and after a restart still — until it has its own events back from g2; then it
/// takes votes again, and no fork is recorded anywhere.
/// </summary>
public sealed class RollbackTests
{
    private const string Recovering = "it is bringing its records up to date with the other gateways";

    [Fact]
    public async Task A_gateway_restored_from_an_older_copy_writes_nothing_until_it_has_its_own_feed_back()
    {
        await using var lab = await MeshLab.CreateAsync(3);
        var codes = await lab.BallotAsync(0, "lift", 8);
        await using var relay = new TcpRelay(lab.Ports[1]);
        await lab.AddPeerAsync(0, 1, relay.Port);
        await lab.StartAsync(0);
        await lab.StartAsync(1);
        await lab.VoteAsync(0, codes[0], "a");
        await lab.ConvergedAsync(DateTimeOffset.UtcNow, [0, 1]);
        await lab.AgreedResultsAsync("lift", 1, [0, 1]);

        // The backup: g1's folder copied while it is stopped.
        await lab.KillAsync(0);
        var backup = Path.Combine(lab.Root, "g1-backup");
        MeshLab.CopyFolder(lab.Data(0), backup);
        // g1 runs on and takes two more votes, which reach g2.
        await lab.StartAsync(0);
        await lab.VoteAsync(0, codes[1], "b");
        await lab.VoteAsync(0, codes[2], "b");
        await lab.AgreedResultsAsync("lift", 3, [0, 1]);

        // g1's card dies; it is restored from the backup and started while its link to g2 is down.
        await lab.KillAsync(0);
        relay.Cut();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(lab.Data(0), recursive: true);
        MeshLab.CopyFolder(backup, lab.Data(0));
        var restartedAt = DateTimeOffset.UtcNow;
        await lab.StartAsync(0);
        // Its start-up check ends as the dial to g2 fails: nothing can tell it yet.
        await Poll.UntilAsync(() => lab.Processes[0]!.Status is { Recovering: null } s && s.Written > restartedAt, lab.Describe);
        // The status file can be written a moment before the log line: wait for the line rather than race it.
        await Poll.UntilAsync(() => lab.Processes[0]!.Output.Contains("start-up check over (every configured peer answered)", StringComparison.Ordinal), () => lab.Processes[0]!.Output);

        // A peer that holds g1's feeds as far as g2 does tells it so (g3, speaking by hand, and never answering its wants:
        // the moment between learning and having the events back lasts as long as the test needs).
        var (gatewayHead, boxHead) = await HeadsAtAsync(lab, 1);
        using var g3 = KeyFile.Read(Path.Combine(lab.Data(2), "keys", MeshLab.KeyName(2) + ".key"));
        var assembly = AssemblyId.TryParse((await KioskCliRun.Ok(lab.Data(1), "status", "--json")).Json.GetProperty("assembly").GetString(), out var id) ? id : throw new InvalidOperationException();
        await using (var teller = new HostilePeer(g3, assembly))
        {
            Assert.Equal(MqttClientConnectResultCode.Success, await teller.ConnectAsync(lab.Ports[0]));
            await teller.SubscribeAsync();
            var have = new HaveMessage(g3.PublicKey, default, new Dictionary<Bytes32, FeedHead> { [gatewayHead.Author] = gatewayHead.Head, [boxHead.Author] = boxHead.Head }, new Dictionary<Bytes32, long>());
            await teller.PublishAsync(teller.Topics.Have(g3.PublicKey), have.Encode());

            var g1 = lab.Processes[0]!;
            await Poll.UntilAsync(() => g1.Output.Contains("rolled back: this gateway's own ballot-box feed is longer at peer g3", StringComparison.Ordinal), () => g1.Output);
            await Poll.UntilAsync(() => g1.Status?.Recovering?.Contains("own feed rolled back: peer g3 holds", StringComparison.Ordinal) == true, lab.Describe);
            Assert.Equal(boxHead.Head.Seq, Assert.Single(g1.Status!.RolledBackFeeds).Record);

            // The kiosk says why, and records nothing.
            Assert.Contains(Recovering, await lab.TryVoteAsync(0, codes[3], "c"), StringComparison.Ordinal);
            // The head record it adopted is on disk: the command line refuses to vote as g1 too, and names the reason.
            await Poll.UntilAsync(async () => (await KioskCliRun.Kiosk(lab.Data(0), "verify")).Output.Contains("FeedRolledBack", StringComparison.Ordinal), lab.Describe);
            var cliVote = await KioskCliRun.Kiosk(lab.Data(0), "vote", "lift", "--code", codes[3], "--choice", "c");
            Assert.NotEqual(0, cliVote.ExitCode);
            Assert.Contains("own feed rolled back", cliVote.Error, StringComparison.Ordinal);
        }

        // Restarted with no peer in reach, it still knows: it starts, warns, and refuses votes.
        await lab.KillAsync(0);
        await lab.StartAsync(0);
        Assert.Contains("feed is rolled back here", lab.Processes[0]!.Output, StringComparison.Ordinal);
        Assert.Contains(Recovering, await lab.TryVoteAsync(0, codes[3], "c"), StringComparison.Ordinal);

        // The link to g2 comes back: g1 gets its own events first, and writes again.
        relay.Heal();
        await Poll.UntilAsync(() => lab.Processes[0]!.Output.Contains("recovered: the feed of", StringComparison.Ordinal), lab.Describe);
        await Poll.UntilAsync(() => lab.Processes[0]!.Status is { Recovering: null, RolledBackFeeds.Count: 0 }, lab.Describe);
        await lab.VoteAsync(0, codes[3], "c");
        var results = System.Text.Json.JsonDocument.Parse(await lab.AgreedResultsAsync("lift", 4, [0, 1])).RootElement[0];
        Assert.Empty(results.GetProperty("conflicts").EnumerateArray());
        await lab.ConvergedAsync(DateTimeOffset.UtcNow, [0, 1]);

        // It never signed a seq twice: no fork anywhere, and both ledgers verify.
        foreach (var gateway in (int[])[0, 1])
        {
            Assert.Empty((await KioskCliRun.Ok(lab.Data(gateway), "status", "--json")).Json.GetProperty("forks").EnumerateArray());
            await KioskCliRun.Ok(lab.Data(gateway), "verify");
        }
    }

    /// <summary>The heads of g1's own feed and its ballot box's, as gateway <paramref name="index"/>'s ledger holds them.</summary>
    private static async Task<((Bytes32 Author, FeedHead Head) Gateway, (Bytes32 Author, FeedHead Head) Box)> HeadsAtAsync(MeshLab lab, int index)
    {
        using var g1 = KeyFile.Read(Path.Combine(lab.Data(0), "keys", MeshLab.KeyName(0) + ".key"));
        using var box = BallotBoxKey.Derive(g1);
        await using var ledger = Kiosk.Ledger.Ledger.Open(Path.Combine(lab.Data(index), "ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        return ((g1.PublicKey, ledger.HeadOf(g1.PublicKey)), (box.PublicKey, ledger.HeadOf(box.PublicKey)));
    }
}
