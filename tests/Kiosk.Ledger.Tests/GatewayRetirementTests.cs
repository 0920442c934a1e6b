using CsCheck;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// <c>GatewayRetired</c> (docs/ledger-format.md, "Admission and authority"): a facilitator retires a gateway; its events
/// (and its ballot box's) through the cut-offs the retirement names keep counting, later ones do not, whatever order the
/// events arrive in, and for good: enrolling the key again does not lift it.
/// </summary>
public sealed class GatewayRetirementTests
{
    private const string BoxNote = "BoxNote";

    /// <summary>The core kinds, Note (facilitators, gateways) and BoxNote (ballot boxes), so a box can write something.</summary>
    private static LedgerOptions Options()
    {
        var kinds = TestKinds.Create();
        kinds.Add(new KindRule(BoxNote, Role.BallotBox, IsAuthority: false, body => body.Length > 2 ? null : "a note is a JSON object"));
        return new LedgerOptions { Kinds = kinds };
    }

    private static LedgerEvent Retire(OfflineFeeds feeds, AuthorKeyPair by, AuthorKeyPair gateway, long through, long boxThrough = 0) =>
        feeds.Next(by, EventKinds.GatewayRetired, BodyJson.Write(new GatewayRetiredBody(gateway.PublicKey.ToHex(), through, boxThrough, "moved to the new hall")));

    [Fact]
    public async Task A_retired_gateways_events_through_the_cut_off_count_and_later_ones_do_not()
    {
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        LedgerEvent[] events = [feeds.Genesis, feeds.EnrolGateway(founder, gateway, "hall"), feeds.Note(gateway, "1"), feeds.Note(gateway, "2")];
        var retirement = Retire(feeds, founder, gateway, through: 2);
        var late = feeds.Note(gateway, "3, written before it heard of its retirement");
        using var folder = new TempFolder();
        await using (var ledger = Ledger.Open(folder.File("l.db"), Options()))
        {
            foreach (var e in events.Append(retirement).Append(late)) Assert.True((await ledger.ReceiveAsync(e.Raw)).IsAccepted);
            await AssertRetiredAsync(ledger);
        }
        Assert.True(LedgerVerifier.Verify(folder.File("l.db"), Options().Kinds).IsValid);

        async Task AssertRetiredAsync(Ledger ledger)
        {
            var member = ledger.Authority.Members[gateway.PublicKey];
            Assert.True(member.IsRetired);
            Assert.False(member.IsActiveGateway);
            Assert.Equal(Role.Gateway, member.Role);
            Assert.Equal(2, member.ValidThroughSeq);
            Assert.Contains(retirement.Id, ledger.Authority.EffectiveEvents);
            Assert.True(ledger.IsApplied(events[2]));
            Assert.True(ledger.IsApplied(events[3]));
            Assert.False(ledger.IsApplied(late));

            // The retired key cannot write on: the refusal says why.
            var refused = await ledger.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("4"));
            Assert.Equal(RejectReason.NotAuthorised, refused.Rejection?.Reason);
            Assert.Contains("hall", refused.Rejection!.Message, StringComparison.Ordinal);
            Assert.Contains("was retired", refused.Rejection.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Retirement_cuts_the_gateways_ballot_box_where_it_says()
    {
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        using var box = BallotBoxKey.Derive(gateway);
        var feeds = new OfflineFeeds(founder);
        var declared = feeds.Next(gateway, EventKinds.BallotBoxKeyed, BodyJson.Write(BallotBoxKey.Declaration(feeds.Assembly, gateway.PublicKey, box)));
        LedgerEvent[] before = [feeds.Genesis, feeds.EnrolGateway(founder, gateway), declared, feeds.Next(box, BoxNote, TestKinds.NoteBody("batch 1")), feeds.Next(box, BoxNote, TestKinds.NoteBody("batch 2"))];
        var retirement = Retire(feeds, founder, gateway, through: 1, boxThrough: 2);
        var lateBatch = feeds.Next(box, BoxNote, TestKinds.NoteBody("batch 3"));
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), Options());
        // The retirement arrives first: the order of arrival changes nothing.
        foreach (var e in before.Take(2).Append(retirement).Concat(before.Skip(2)).Append(lateBatch)) await ledger.ReceiveAsync(e.Raw);

        Assert.Equal(box.PublicKey, ledger.Authority.BallotBoxOf(gateway.PublicKey)?.Box);
        Assert.Equal(2, ledger.Authority.ValidThrough(box.PublicKey));
        Assert.True(ledger.IsApplied(before[3]));
        Assert.True(ledger.IsApplied(before[4]));
        Assert.False(ledger.IsApplied(lateBatch));
    }

    [Fact]
    public async Task Retirement_is_for_good_even_when_the_clocks_put_it_before_the_enrolment()
    {
        using var founder = AuthorKeyPair.Generate();
        using var ana = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        using var box = BallotBoxKey.Derive(gateway);
        var feeds = new OfflineFeeds(founder);
        var genesis = feeds.Genesis;
        var addAna = feeds.AddFacilitator(founder, ana, "Ana");
        // Ana's clock is behind: her retirement carries an earlier time than the founder's enrolment it follows.
        var retirement = EventSigner.Sign(feeds.Assembly, ana, 1, default, 1_000, EventKinds.GatewayRetired,
            BodyJson.Write(new GatewayRetiredBody(gateway.PublicKey.ToHex(), 1, 0)));
        var enrolment = feeds.EnrolGateway(founder, gateway, "hall");
        var declared = feeds.Next(gateway, EventKinds.BallotBoxKeyed, BodyJson.Write(BallotBoxKey.Declaration(feeds.Assembly, gateway.PublicKey, box)));
        var enrolledAgain = feeds.EnrolGateway(founder, gateway, "hall again");
        var note = feeds.Note(gateway, "back?");
        var batch = feeds.Next(box, BoxNote, TestKinds.NoteBody("batch"));
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), Options());
        foreach (var e in new[] { genesis, addAna, retirement, enrolment, declared, enrolledAgain, note, batch }) await ledger.ReceiveAsync(e.Raw);

        var member = ledger.Authority.Members[gateway.PublicKey];
        Assert.True(member.IsRetired);
        Assert.Equal("hall again", member.Name);
        Assert.Contains(retirement.Id, ledger.Authority.EffectiveEvents);
        Assert.True(ledger.IsApplied(declared));
        Assert.False(ledger.IsApplied(note));
        Assert.Equal(0, ledger.Authority.ValidThrough(box.PublicKey));
        Assert.False(ledger.IsApplied(batch));
    }

    [Fact]
    public async Task Retiring_a_key_that_is_not_a_gateway_has_no_effect()
    {
        using var founder = AuthorKeyPair.Generate();
        using var ana = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var added = feeds.AddFacilitator(founder, ana, "Ana");
        var retireAna = Retire(feeds, founder, ana, through: 0);
        LedgerEvent[] events = [feeds.Genesis, added, retireAna, feeds.Note(ana, "still here")];
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), Options());
        foreach (var e in events) await ledger.ReceiveAsync(e.Raw);

        Assert.DoesNotContain(retireAna.Id, ledger.Authority.EffectiveEvents);
        Assert.False(ledger.Authority.Members[ana.PublicKey].IsRemoved);
        Assert.True(ledger.IsApplied(events[3]));
    }

    [Fact]
    public async Task A_gateway_may_not_retire_anyone_and_a_bad_body_is_refused()
    {
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        using var other = AuthorKeyPair.Generate();
        using var folder = new TempFolder();
        await using var ledger = Ledger.Open(folder.File("l.db"), Options());
        await ledger.FoundAsync(founder, "Assembly", ["en"]);
        await ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "hall")));
        await ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(other.PublicKey.ToHex(), "school")));
        var before = LedgerAssert.Snapshot(ledger);

        var byGateway = await ledger.AppendAsync(gateway, EventKinds.GatewayRetired, BodyJson.Write(new GatewayRetiredBody(other.PublicKey.ToHex(), 0)));
        Assert.Equal(RejectReason.NotAuthorised, byGateway.Rejection?.Reason);
        var negative = await ledger.AppendAsync(founder, EventKinds.GatewayRetired, BodyJson.Write(new GatewayRetiredBody(other.PublicKey.ToHex(), -1)));
        Assert.Equal(RejectReason.MalformedBody, negative.Rejection?.Reason);
        Assert.Contains("validThroughSeq", negative.Rejection!.Message, StringComparison.Ordinal);
        var unknownMember = await ledger.AppendAsync(founder, EventKinds.GatewayRetired,
            System.Text.Encoding.UTF8.GetBytes($$"""{"key":"{{other.PublicKey.ToHex()}}","validThroughSeq":0,"when":"now"}"""));
        Assert.Equal(RejectReason.MalformedBody, unknownMember.Rejection?.Reason);
        Assert.Equal(before, LedgerAssert.Snapshot(ledger));
    }

    [Fact]
    public async Task Retirement_gives_the_same_state_whatever_order_the_events_arrive_in()
    {
        using var founder = AuthorKeyPair.Generate();
        using var ana = AuthorKeyPair.Generate();
        using var hall = AuthorKeyPair.Generate();
        using var school = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var events = new List<LedgerEvent>
        {
            feeds.Genesis,
            feeds.AddFacilitator(founder, ana, "Ana"),
            feeds.EnrolGateway(ana, hall, "hall"),
            feeds.EnrolGateway(founder, school, "school"),
            feeds.Note(hall, "h1"),
            feeds.Note(school, "s1"),
            feeds.Note(hall, "h2"),
            Retire(feeds, ana, hall, through: 1),
            feeds.Note(hall, "h3"),
            feeds.Note(school, "s2"),
        };
        using var folder = new TempFolder();
        Bytes32? expected = null;
        var run = 0;
        await Gen.Shuffle(events.ToArray()).SampleAsync(async order =>
        {
            await using var ledger = Ledger.Open(folder.File($"run{run++}.db"), Options());
            foreach (var e in order) await ledger.ReceiveAsync(e.Raw);
            foreach (var e in events) await ledger.ReceiveAsync(e.Raw); // gaps refused on the way are resent, as a peer would
            Assert.Equal(1, ledger.Authority.ValidThrough(hall.PublicKey));
            Assert.True(ledger.IsApplied(events[4]));
            Assert.False(ledger.IsApplied(events[6]));
            Assert.False(ledger.IsApplied(events[8]));
            Assert.True(ledger.Authority.Members[school.PublicKey].IsActiveGateway);
            var hash = ledger.StateHash();
            expected ??= hash;
            Assert.Equal(expected, hash);
        }, iter: 20, threads: 1);
    }
}
