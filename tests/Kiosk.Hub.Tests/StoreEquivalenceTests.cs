using Kiosk.Hub.Tests.Support;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tests.Ballots;

namespace Kiosk.Hub.Tests;

/// <summary>
/// A replica of an assembly in the hub's PostgreSQL database and one in a gateway's SQLite file that hold the same
/// events compute byte-identical state hashes and the same results (promise 3, whatever the store).
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class StoreEquivalenceTests(PostgresServer postgres)
{
    [Fact]
    public async Task Sqlite_and_postgres_replicas_with_the_same_events_agree_on_state_hash_and_results()
    {
        await using var world = await AssemblyWithResults();
        using var folder = new TempFolder();
        var connection = await postgres.CreateDatabaseAsync();
        await HubDatabase.MigrateAsync(connection);
        await using var hub = await HubDatabase.OpenAsync(connection, folder.File("heads"));
        var assembly = world.Home.Assembly!.Value;

        await using (var replica = hub.OpenLedger(assembly, new LedgerOptions { Kinds = VotingKinds.CreateRegistry(), Time = world.Time }))
        {
            await CopyAll(world.Replicas[1], replica);
            await CopyAll(world.Home, replica);
            Assert.Equal(ReceiveStatus.Pending, (await replica.ReceiveAsync(world.Pending)).Status);
            Assert.Equal(world.Home.StateHash(), replica.StateHash());
            Assert.Equal(world.Home.Vector.ToString(), replica.Vector.ToString());
            Assert.Equal(world.Home.Forks, replica.Forks);
            Assert.Equal(world.Home.PendingCount, replica.PendingCount);
            // At a forked seq, which of the two events sits in the events table depends on arrival; both are in the proof.
            Assert.Equal(world.Home.ReadAll().Where(e => !world.Home.Forks.ContainsKey(e.Author)).Select(e => e.Id),
                replica.ReadAll().Where(e => !replica.Forks.ContainsKey(e.Author)).Select(e => e.Id));
            Assert.Equal(world.Home.ReadForkProof(world.Forker.PublicKey), replica.ReadForkProof(world.Forker.PublicKey));
            var desk = new VotingDesk(replica, AuthorKeyPair.Generate(), new VotingDeskOptions { Time = world.Time, BallotBoxPath = folder.File("hub-box.db") });
            var expected = ResultsDigest.Of(world.Desk);
            Assert.Contains("\"tally\": {", expected, StringComparison.Ordinal); // the digest really holds a tally
            Assert.Equal(expected, ResultsDigest.Of(desk));
        }

        // Reopened, the hub loads its state from the PostgreSQL tables alone; a rebuild of the projections changes nothing.
        await using (var reopened = hub.OpenLedger(assembly, new LedgerOptions { Kinds = VotingKinds.CreateRegistry(), Time = world.Time }))
        {
            Assert.Equal(world.Home.StateHash(), reopened.StateHash());
            await reopened.RebuildProjectionsAsync();
            Assert.Equal(world.Home.StateHash(), reopened.StateHash());
            Assert.Equal(world.Home.Authority.Members.Count, reopened.Authority.Members.Count);
        }
    }

    [Fact]
    public async Task A_postgres_replica_hands_back_what_a_sqlite_replica_lacks()
    {
        await using var world = await AssemblyWithResults();
        using var folder = new TempFolder();
        var connection = await postgres.CreateDatabaseAsync();
        await HubDatabase.MigrateAsync(connection);
        await using var hub = await HubDatabase.OpenAsync(connection, folder.File("heads"));
        await using var replica = hub.OpenLedger(world.Home.Assembly!.Value, new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        await CopyAll(world.Home, replica);

        // A fresh SQLite gateway catches up from the hub alone, and lands on the same state.
        await using var fresh = Ledger.Ledger.Open(folder.File("fresh.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        await CopyAll(replica, fresh);
        Assert.Equal(world.Home.StateHash(), fresh.StateHash());
        Assert.Equal(world.Home.ReadForkProof(world.Forker.PublicKey), fresh.ReadForkProof(world.Forker.PublicKey));
    }

    /// <summary>Copies what <paramref name="to"/> lacks (and the fork proofs) until nothing moves, as a mesh link would.</summary>
    internal static async Task CopyAll(Ledger.Ledger from, Ledger.Ledger to)
    {
        for (var round = 0; round < 10; round++)
        {
            var missing = from.ReadMissing(to.Vector).Select(e => e.Raw).ToList();
            foreach (var author in from.Forks.Keys) missing.AddRange(from.ReadForkProof(author));
            if (missing.Count == 0) return;
            var results = await to.ReceiveAsync(missing);
            Assert.DoesNotContain(results, r => r.Rejection?.Reason is RejectReason.BadSignature or RejectReason.Malformed or RejectReason.WrongAssembly);
            if (from.ReadMissing(to.Vector).Count == 0 && from.Forks.Keys.All(to.Forks.ContainsKey)) return;
        }
        Assert.Fail("replicas did not converge in 10 rounds");
    }

    /// <summary>
    /// Two gateways, a closed secret yes/no ballot and an open IRV ballot with votes from both, a notice, a facilitator
    /// whose feed forked, and an event pending for an author nobody enrolled.
    /// </summary>
    private static async Task<HubWorld> AssemblyWithResults()
    {
        var world = new HubWorld(await VotingWorld.CreateAsync(gateways: 2));
        var v = world.Voting;
        var yesNo = await v.PublishAndOpen(VotingWorld.Ballot("budget", "yes-no", VotingWorld.YesNo), codes: 6);
        var irv = await v.PublishAndOpen(VotingWorld.Ballot("garden", "irv", ["roses", "herbs", "pond"]), codes: 6);
        for (var i = 0; i < 6; i++)
        {
            var gateway = i % 2;
            Assert.True((await v.Desks[gateway].CastWithCodeAsync("budget", yesNo[i], [i < 4 ? "yes" : "no"])).IsAccepted);
            string[] ranking = i < 3 ? ["roses", "herbs"] : i < 5 ? ["herbs", "pond"] : ["pond", "roses"];
            Assert.True((await v.Desks[gateway].CastWithCodeAsync("garden", irv[i], ranking)).IsAccepted);
        }
        await v.Write(v.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("budget"));
        await v.SyncAll();
        await v.Desks[0].CloseIfDueAsync("budget");
        await v.Desks[1].CloseIfDueAsync("budget");
        await v.Write(v.Facilitator, VotingKinds.NoticePosted, new NoticePostedBody("lift", new() { ["en"] = "Lift" }, new() { ["en"] = "The lift is fixed." }));

        // A facilitator signs two different events at seq 1: its feed is forked at 1 on every replica holding both.
        await v.Write(v.Founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(world.Forker.PublicKey.ToHex(), "Twice"));
        await v.SyncAll();
        var assembly = v.Home.Assembly!.Value;
        foreach (var text in new[] { "first", "second" })
        {
            var e = EventSigner.Sign(assembly, world.Forker, 1, default, 1_800_000_000_000, VotingKinds.NoticePosted,
                BodyJson.Write(new NoticePostedBody(text, new() { ["en"] = text }, new() { ["en"] = text })));
            await v.Replicas[1].ReceiveAsync(e.Raw);
        }
        // An event by a key nobody enrolled waits pending.
        using var stranger = AuthorKeyPair.Generate();
        var pending = EventSigner.Sign(assembly, stranger, 1, default, 1_800_000_000_000, VotingKinds.NoticePosted,
            BodyJson.Write(new NoticePostedBody("stranger", new() { ["en"] = "x" }, new() { ["en"] = "x" })));
        Assert.Equal(ReceiveStatus.Pending, (await v.Home.ReceiveAsync(pending.Raw)).Status);
        world.Pending = pending.Raw;
        await v.SyncAll();
        await CopyAll(v.Replicas[1], v.Home);
        Assert.Single(v.Home.Forks);
        return world;
    }

    /// <summary>The voting world and the facilitator key that forks.</summary>
    private sealed class HubWorld(VotingWorld voting) : IAsyncDisposable
    {
        public VotingWorld Voting { get; } = voting;
        public AuthorKeyPair Forker { get; } = AuthorKeyPair.Generate();
        public byte[] Pending { get; set; } = [];
        public Ledger.Ledger Home => Voting.Home;
        public List<Ledger.Ledger> Replicas => Voting.Replicas;
        public VotingDesk Desk => Voting.Desk;
        public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Voting.Time;

        public async ValueTask DisposeAsync()
        {
            Forker.Dispose();
            await Voting.DisposeAsync();
        }
    }
}
