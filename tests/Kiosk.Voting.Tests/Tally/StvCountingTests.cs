using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// A Scottish STV count read in full on a hand-counted election (every stage's quota, tally, transfer, residual, inactive
/// votes and notes), and the seat checks of both STV methods. Written where mutation testing (docs/quality.md) looked for
/// edits of the count that change only what the result says.
/// </summary>
public sealed class StvCountingTests
{
    private static void AssertTransfer(TransferFrom transfer, string from, params (string Name, decimal Value)[] to)
    {
        Assert.Equal(from, transfer.From);
        Assert.Equal(to, transfer.To.Select(t => (t.Name, t.Value)));
    }

    // 6 "A,B"; 2 B; 3 C; 1 "D,C"; 2 seats. Valid 12, quota floor(12 / 3) + 1 = 5.
    // Stage 1: A6 B2 C3 D1: A elected; surplus 1 of 6: each "A,B" paper is worth 1/6 truncated = 0.16666, 6 x 0.16666 = 0.99996
    //          to B; residual 0.00004. Stage 2: A5 B2.99996 C3 D1: D excluded, 1 to C. Stage 3: A5 B2.99996 C4: B excluded, all
    //          2.99996 exhaust. Stage 4: C is the only continuing candidate for the last seat: elected.
    [Fact]
    public void Every_stage_is_reported_with_its_transfers_residual_and_notes()
    {
        var e = Ranked("A,B,C,D", (6, "A,B"), (2, "B"), (3, "C"), (1, "D,C"));
        var r = Ok(ScottishStv.Count(e, TallyRules.Default with { Seats = 2 }));
        Assert.Equal(TallyMethod.StvScottish, r.Method);
        Assert.Equal(2, r.Seats);
        Assert.Equal(["A", "C"], r.Winners);
        Assert.Equal([1, 2, 3, 4], r.Rounds.Select(x => x.Round));
        Assert.All(r.Rounds, x => Assert.Equal(5m, x.Threshold));

        var s1 = r.Rounds[0];
        Assert.Equal([6m, 2m, 3m, 1m], s1.Tally.Select(t => t.Value));
        Assert.Equal(["A"], s1.Elected);
        Assert.Empty(s1.Eliminated);
        AssertTransfer(Assert.Single(s1.Transfers), "A", ("B", 0.99996m));
        Assert.Equal(0m, s1.Residual);
        Assert.Equal(["surplus of A (1) transferred at 6 votes"], s1.Notes);

        var s2 = r.Rounds[1];
        Assert.Equal([5m, 2.99996m, 3m, 1m], s2.Tally.Select(t => t.Value));
        Assert.Equal(["D"], s2.Eliminated);
        Assert.Empty(s2.Elected);
        AssertTransfer(Assert.Single(s2.Transfers), "D", ("C", 1m));
        Assert.Equal(0.00004m, s2.Residual);
        Assert.Empty(s2.Notes);

        var s3 = r.Rounds[2];
        Assert.Equal([5m, 2.99996m, 4m, 0m], s3.Tally.Select(t => t.Value));
        Assert.Equal(["B"], s3.Eliminated);
        AssertTransfer(Assert.Single(s3.Transfers), "B", (TransferFrom.Exhausted, 2.99996m));

        var s4 = r.Rounds[3];
        Assert.Equal([5m, 0m, 4m, 0m], s4.Tally.Select(t => t.Value));
        Assert.Equal(["C"], s4.Elected);
        Assert.Empty(s4.Eliminated);
        Assert.Empty(s4.Transfers);
        Assert.Equal(new InactiveCounts(0, 0, 2.99996m, 0), s4.Inactive);
        Assert.Equal(0.00004m, s4.Residual);
        Assert.Equal(["the continuing candidates are as many as the seats left: all are elected"], s4.Notes);

        Assert.Equal(
            [
                ("quota", "droop (floor(valid / (seats + 1)) + 1)"), ("transferValues", "weighted inclusive gregory, truncated to 5 decimals"),
                ("overvote", TallyRules.Name(OvervoteRule.ExhaustImmediately)), ("maxSkippedRanks", "unlimited"),
                ("duplicate", TallyRules.Name(DuplicateRule.Skip)), ("tieBreak", TallyRules.Name(TieBreakRule.PreviousRoundsThenCandidateOrder)),
            ],
            r.RulesUsed.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Both_stv_methods_refuse_more_seats_than_standing_candidates()
    {
        var e = Ranked("A,B,C", (2, "A"), (1, "B"));
        var rules = TallyRules.Default with { Seats = 4 };
        Assert.Equal("cannot fill 4 seat(s) from 3 candidate(s)", ScottishStv.Count(e, rules).Error?.Message);
        Assert.Equal("cannot fill 4 seat(s) from 3 candidate(s)", MeekStv.Count(e, rules).Error?.Message);
        // The write-in stands for no seat: three names, two candidates.
        var writeIn = TallyRules.Default with { Seats = 3, UndeclaredWriteIn = "C" };
        Assert.Equal("cannot fill 3 seat(s) from 2 candidate(s)", ScottishStv.Count(e, writeIn).Error?.Message);
        Assert.Equal("cannot fill 3 seat(s) from 2 candidate(s)", MeekStv.Count(e, writeIn).Error?.Message);
        Assert.Equal(["A", "B"], Ok(ScottishStv.Count(e, TallyRules.Default with { Seats = 2, UndeclaredWriteIn = "C" })).Winners);
    }
}
