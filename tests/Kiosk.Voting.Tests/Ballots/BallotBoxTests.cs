using System.Text;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Microsoft.Data.Sqlite;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>
/// A gateway's ballot box (docs/secrecy.md): secret votes wait durably in a local queue and enter the box's feed in
/// shuffled batches (batch size, batch window, close), with receipts that prove inclusion; the box's authority rules.
/// </summary>
public sealed class BallotBoxTests
{
    private static List<LedgerEvent> BoxVotes(VotingWorld world, int desk = 0) =>
        world.Replicas[desk].ReadFeed(world.Desks[desk].BallotBox).Where(e => e.Kind == VotingKinds.VoteCast).ToList();

    private static List<BallotReceiptsBody> Receipts(VotingWorld world) =>
        world.Home.ReadFeed(world.Desk.BallotBox).Where(e => e.Kind == VotingKinds.BallotReceipts)
            .Select(e => BodyJson.TryRead<BallotReceiptsBody>(e.Body, out var r, out _) ? r : throw new InvalidOperationException()).ToList();

    [Fact]
    public async Task Votes_wait_in_the_queue_until_the_batch_is_full_then_enter_the_box_with_sorted_receipts()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, batchSize: 5), codes: 6);
        var trackers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var outcome = await world.Desk.CastWithCodeAsync("lift", codes[i], ["yes"]);
            Assert.True(outcome.IsAccepted && outcome.InBallotBox && outcome.EventId is null);
            trackers.Add(outcome.Tracker!);
        }
        // Four receipts given, nothing in the ledger yet: the live tally moves only per batch.
        Assert.Empty(BoxVotes(world));
        Assert.Equal(4, world.Desk.QueuedCount("lift"));
        Assert.Empty(world.Desk.Report("lift")!.Counted);

        trackers.Add((await world.Desk.CastWithCodeAsync("lift", codes[4], ["no"])).Tracker!);
        Assert.Equal(5, BoxVotes(world).Count);
        Assert.Equal(0, world.Desk.QueuedCount("lift"));
        var receipts = Assert.Single(Receipts(world));
        Assert.Equal(trackers.Order(StringComparer.Ordinal), receipts.Trackers);
        var report = world.Desk.Report("lift")!;
        Assert.Equal(5, report.Counted.Count);
        var batch = Assert.Single(report.Batches);
        Assert.Equal((world.Desk.Gateway, 1, true), (batch.Gateway, batch.Number, batch.Counts));
        Assert.Equal(trackers.Order(StringComparer.Ordinal), report.Trackers);
        // The receipts event comes after the batch's votes, and no vote names its tracker.
        Assert.All(BoxVotes(world), v => Assert.DoesNotContain(trackers, t => Encoding.UTF8.GetString(v.Body.Span).Contains(t, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_batch_is_published_once_its_window_has_passed_and_at_the_close()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, batchSize: 5, batchMinutes: 15), codes: 5);
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"])).IsAccepted);
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[1], ["no"])).IsAccepted);
        Assert.Equal(0, await world.Desk.PublishDueAsync());
        world.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await world.Desk.PublishDueAsync());
        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await world.Desk.PublishDueAsync());
        Assert.Equal(2, world.Desk.Report("lift")!.Counted.Count);
        // The window's rounding (15 minutes here, longer than the 10-minute default) is the votes' time.
        Assert.All(BoxVotes(world), v => Assert.Equal(0, v.AuthorTimeMs % (long)TimeSpan.FromMinutes(15).TotalMilliseconds));

        // The close publishes what waits, then CloseSeen names the box seq through which votes count.
        Assert.True((await world.Desk.CastWithCodeAsync("lift", codes[2], ["yes"])).IsAccepted);
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("lift"));
        Assert.Equal(VoteRefusalReason.BallotClosed, (await world.Desk.CastWithCodeAsync("lift", codes[3], ["yes"])).Refusal!.Reason);
        var seen = world.Desk.Read((p, _) => p.CloseSeen("lift", world.Desk.Gateway))!;
        Assert.Equal(world.Home.HeadOf(world.Desk.BallotBox).Seq, seen.BoxThrough);
        var report = world.Desk.Report("lift")!;
        Assert.Equal(3, report.Counted.Count);
        Assert.Equal(BallotStatus.Final, report.Status);
        Assert.Equal(2, report.Batches.Count);
        Assert.All(report.Batches, b => Assert.True(b.Counts));
    }

    [Fact]
    public async Task Queued_votes_count_for_the_revote_rule_before_they_are_published()
    {
        await using var world = await VotingWorld.CreateAsync();
        var first = await world.PublishAndOpen(VotingWorld.Ballot("first", "yes-no", VotingWorld.YesNo, BallotDefinition.FirstCounts, batchSize: 5), codes: 1);
        Assert.True((await world.Desk.CastWithCodeAsync("first", first[0], ["yes"])).IsAccepted);
        Assert.Equal(VoteRefusalReason.CodeAlreadyUsed, (await world.Desk.CastWithCodeAsync("first", first[0], ["no"])).Refusal!.Reason);
        var normalized = VoterCode.Normalize(first[0], out _)!;
        Assert.True(Assert.Single(world.Desk.BallotsForCode(normalized)!).Voted);

        var last = await world.PublishAndOpen(VotingWorld.Ballot("last", "yes-no", VotingWorld.YesNo, BallotDefinition.LastCounts, batchSize: 5), codes: 1);
        Assert.True((await world.Desk.CastWithCodeAsync("last", last[0], ["yes"])).IsAccepted);
        Assert.True((await world.Desk.CastWithCodeAsync("last", last[0], ["no"])).IsAccepted);
        await world.PublishQueued("last");
        var report = world.Desk.Report("last")!;
        var counted = Assert.Single(report.Counted);
        Assert.Equal(2, counted.Body.Revision);
        Assert.Equal(["no"], counted.Body.Choice);
        Assert.Equal(2, Assert.Single(report.Batches).Trackers.Count);
    }

    [Fact]
    public async Task The_queue_file_keeps_no_published_vote_no_time_and_no_order()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, batchSize: 3), codes: 4);
        var trackers = new List<string>();
        for (var i = 0; i < 4; i++) trackers.Add((await world.Desk.CastWithCodeAsync("lift", codes[i], [i == 3 ? "abstain" : "yes"])).Tracker!);
        var path = world.Desk.Queue.Path;
        SqliteConnection.ClearAllPools();
        // The three published votes are gone from every byte of the file (secure_delete), the waiting one is there.
        var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        Assert.All(trackers.Take(3), t => Assert.DoesNotContain(t, bytes, StringComparison.Ordinal));
        Assert.Contains(trackers[3], bytes, StringComparison.Ordinal);
        Assert.False(File.Exists(path + "-journal"), "the rollback journal is deleted after each commit");
        Assert.False(File.Exists(path + "-wal"));
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'queued'";
        var schema = (string)command.ExecuteScalar()!;
        Assert.Contains("WITHOUT ROWID", schema, StringComparison.Ordinal);
        Assert.DoesNotContain("time", schema, StringComparison.OrdinalIgnoreCase);
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("delete", command.ExecuteScalar());
    }

    [Fact]
    public async Task Votes_and_issuances_from_before_ballot_boxes_keep_counting()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo), codes: 3, legacy: true);
        // As an older gateway wrote them: H(code) in the gateway's own feed, before it had a ballot box.
        var legacy = await world.Write(world.GatewayKeys[0], VotingKinds.VoteCast, new VoteCastBody("lift", ["yes"], Code: VoterCode.Hash(VoterCode.Normalize(codes[0], out _)!)));
        Assert.Single(world.Desk.Report("lift")!.Counted);

        // Upgraded, the gateway declares its box and takes the other codes of the same legacy issuance through it.
        Assert.True(await world.Desk.PrepareBallotBoxAsync());
        var upgraded = await world.Desk.CastWithCodeAsync("lift", codes[1], ["no"]);
        Assert.True(upgraded.IsAccepted && upgraded.InBallotBox);
        var report = world.Desk.Report("lift")!;
        Assert.Equal(2, report.Counted.Count);
        Assert.Contains(report.Counted, v => v.EventId == legacy.Id);
        Assert.Contains(report.Counted, v => v.Author == world.Desk.BallotBox && v.Credential.Kind == CredentialKind.LegacyCode);
        // Both receipts are on the board: the legacy vote's event-id tracker, and the new vote's in its batch.
        Assert.Contains(ReceiptTracker.Of(legacy.Id), report.Trackers);
        Assert.Contains(upgraded.Tracker!, report.Trackers);

        // A CloseSeen from before ballot boxes (no boxThrough) admits no box votes; the gateway's own legacy vote stands.
        await world.Write(world.GatewayKeys[0], VotingKinds.CloseSeen, new BallotRefBody("lift"));
        report = world.Desk.Report("lift")!;
        Assert.All(report.Counted, v => Assert.Equal(world.Desk.Gateway, v.Author));
        Assert.Contains(report.Ignored, i => i.Reason.Contains("admits no ballot-box votes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_box_counts_only_when_declared_and_only_secret_votes_and_a_gateway_feed_no_longer_takes_secret_votes()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo), codes: 4);
        await world.PublishAndOpen(VotingWorld.Ballot("open-codes", "yes-no", VotingWorld.YesNo, secret: false), codes: 0);
        string Credential(int i, string ballot) => VoterCode.Credential(VoterCode.Normalize(codes[i], out _)!, ballot);
        using var box = BallotBoxKey.Derive(world.GatewayKeys[0]);

        // Undeclared, the box key may not write: refused here, held pending when received from elsewhere, never counted.
        var refused = await world.Home.AppendAsync(box, VotingKinds.VoteCast, BodyJson.Write(new VoteCastBody("lift", ["yes"], Credential: Credential(0, "lift"))));
        Assert.Equal(RejectReason.NotAuthorised, refused.Rejection?.Reason);
        var assembly = world.Home.Assembly!.Value;
        var undeclared = EventSigner.Sign(assembly, box, 1, Bytes32.Zero, 0, VotingKinds.VoteCast, BodyJson.Write(new VoteCastBody("lift", ["yes"], Credential: Credential(0, "lift"))));
        Assert.Equal(ReceiveStatus.Pending, (await world.Home.ReceiveAsync(undeclared.Raw)).Status);
        Assert.Empty(world.Desk.Report("lift")!.Counted);

        // Another gateway cannot claim this box: its proof is signed for this gateway.
        using var other = AuthorKeyPair.Generate();
        await world.Write(world.Founder, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(other.PublicKey.ToHex(), "other"));
        await world.Write(other, EventKinds.BallotBoxKeyed, BallotBoxKey.Declaration(assembly, world.Desk.Gateway, box));
        Assert.Empty(world.Home.Authority.BallotBoxes);
        Assert.Equal(Role.None, world.Home.Authority.RoleOf(box.PublicKey));

        // Declared by its gateway, the pending vote is promoted and counts.
        var declaration = await world.Write(world.GatewayKeys[0], EventKinds.BallotBoxKeyed, BallotBoxKey.Declaration(assembly, world.Desk.Gateway, box));
        var binding = Assert.Single(world.Home.Authority.BallotBoxes.Values);
        Assert.Equal((box.PublicKey, world.Desk.Gateway, declaration.Seq), (binding.Box, binding.Gateway, binding.DeclaredAtSeq));
        Assert.Equal(Role.BallotBox, world.Home.Authority.RoleOf(box.PublicKey));
        Assert.Single(world.Desk.Report("lift")!.Counted);
        // A second declaration by the same gateway changes nothing.
        using var stranger = AuthorKeyPair.Generate();
        await world.Write(world.GatewayKeys[0], EventKinds.BallotBoxKeyed, BallotBoxKey.Declaration(assembly, world.Desk.Gateway, stranger));
        Assert.Equal(box.PublicKey, world.Home.Authority.BallotBoxOf(world.Desk.Gateway)!.Box);

        // The box writes nothing but secret votes and receipts: an open vote there does not count, and other kinds are refused.
        var openInBox = await world.Write(box, VotingKinds.VoteCast, new VoteCastBody("open-codes", ["yes"], Credential: Credential(1, "open-codes")));
        Assert.Contains(world.Desk.Report("open-codes")!.Ignored, i => i.Vote.EventId == openInBox.Id && i.Reason.Contains("only secret votes", StringComparison.Ordinal));
        Assert.Equal(RejectReason.NotAuthorised, (await world.Home.AppendAsync(box, VotingKinds.CloseSeen, BodyJson.Write(new CloseSeenBody("lift", 0)))).Rejection?.Reason);

        // After the declaration the gateway's own feed takes no secret vote.
        var outside = await world.Write(world.GatewayKeys[0], VotingKinds.VoteCast, new VoteCastBody("lift", ["no"], Credential: Credential(2, "lift")));
        var report = world.Desk.Report("lift")!;
        Assert.Single(report.Counted);
        Assert.Contains(report.Ignored, i => i.Vote.EventId == outside.Id && i.Reason.Contains("outside its gateway's ballot box", StringComparison.Ordinal));
    }

    [Fact]
    public void Credential_and_ballot_box_key_derivations_match_the_documented_test_vectors()
    {
        // docs/ledger-format.md, "Test vectors" 4 and 5.
        Assert.Equal('C', VoterCode.CheckSymbol("7K2MQX9P4HR"));
        Assert.Equal("a5b15509c4837b7cf4b19cf89c6f294feada223daaeda9ebf1cc4ea549827d9c", VoterCode.Credential("7K2MQX9P4HRC", "lift-repair"));
        Assert.Equal("6505dfe2acf16e74a6b1893a2cec0d623d84efb904cfce9d1b38b08bb08408db", VoterCode.Commitment(VoterCode.Credential("7K2MQX9P4HRC", "lift-repair")));
        Assert.Equal("a60eef12e6ce0e52fa71cac7e25ec7b36e3762edfbeec17653a812e6acbeef69", VoterCode.Credential("7K2MQX9P4HRC", "garden-name"));
        using var gateway = AuthorKeyPair.FromSeed(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        Assert.Equal("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8", gateway.PublicKey.ToHex());
        using var box = BallotBoxKey.Derive(gateway);
        Assert.Equal("e8ab1ffd51ba379f134974638cc4fda8e3b01dbd25327d1a0263c69ba5ec1fca", box.PublicKey.ToHex());
    }

    [Fact]
    public void Issuance_bodies_list_each_ballot_sorted_and_split_by_ranges()
    {
        var codes = Enumerable.Range(0, VoterCodesIssuedBody.MaxCodes + 7).Select(_ => VoterCode.Normalize(VoterCode.Generate(), out VoteRefusal? _)!).Distinct().ToList();
        var bodies = CodeIssuance.Bodies(["a", "b"], codes);
        Assert.All(bodies, b => Assert.Null(b.Check()));
        foreach (var ballot in new[] { "a", "b" })
        {
            var listed = bodies.Where(b => b.Commitments!.ContainsKey(ballot)).SelectMany(b => b.Commitments![ballot]).ToList();
            Assert.Equal(codes.Select(c => VoterCode.Commitment(VoterCode.Credential(c, ballot))).Order(StringComparer.Ordinal), listed);
        }
        // A list out of order, or a credential listed twice, is refused.
        var sorted = bodies[0].Commitments!.First();
        Assert.NotNull((bodies[0] with { Commitments = new() { [sorted.Key] = [.. sorted.Value.Reverse()] }, Ballots = [sorted.Key] }).Check());
        Assert.NotNull(new VoterCodesIssuedBody(["a"], ["00"], Commitments: new() { ["a"] = [sorted.Value[0]] }).Check());
    }
}
