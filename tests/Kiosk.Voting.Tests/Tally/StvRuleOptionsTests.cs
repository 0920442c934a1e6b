using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// The rule options that apply beyond IRV: undeclared write-ins, excluded candidates and stopping after a round, for
/// Scottish STV, Meek STV and Schulze. Expected figures are worked by hand in the comments.
/// </summary>
public sealed class StvRuleOptionsTests
{
    // 2 seats; 10 A; 6 B; 2 "W,C"; 3 C. Total 21, quota floor(21 / 3) + 1 = 8.
    //  with W the write-in: stage 1 W holds 2 votes: excluded first, nobody elected although A has 10; its 2 go to C.
    //   Stage 2: A10 B6 C5: A elected, surplus 2 (A's papers rank nobody else: exhausted). Stage 3: B6 C5: C excluded.
    //   Stage 4: B alone for the last seat. Winners A, B.
    //  without the option: A is elected at stage 1.
    private static readonly RankedElection s_writeIn =
        Ranked("A,B,C,W", (10, "A"), (6, "B"), (2, "W,C"), (3, "C")) with { Seats = 2 };

    private static readonly TallyRules s_withWriteIn = TallyRules.Default with { UndeclaredWriteIn = "W" };

    [Fact]
    public void Scottish_stv_excludes_a_write_in_holding_votes_first_and_elects_nobody_that_stage()
    {
        Assert.Equal(["A"], Ok(ScottishStv.Count(s_writeIn, TallyRules.Default)).Rounds[0].Elected);
        var r = Ok(ScottishStv.Count(s_writeIn, s_withWriteIn));
        Assert.Equal(["W"], r.Rounds[0].Eliminated);
        Assert.Empty(r.Rounds[0].Elected);
        Assert.Equal(2m, r.Rounds[0].Transfers.Single().To.Single(t => t.Name == "C").Value);
        Assert.Equal(["A"], r.Rounds[1].Elected);
        Assert.Equal(5m, r.Rounds[1].Of("C"));
        Assert.Equal(["A", "B"], r.Winners);
    }

    [Fact]
    public void Meek_stv_defeats_a_write_in_holding_votes_first_and_elects_nobody_that_round()
    {
        var r = Ok(MeekStv.Count(s_writeIn, s_withWriteIn));
        Assert.Equal(["W"], r.Rounds[0].Eliminated);
        Assert.Empty(r.Rounds[0].Elected);
        Assert.Contains("A", r.Rounds[1].Elected);
        Assert.Equal(["A", "B"], r.Winners);
    }

    // 2 seats; 5 "D,C"; 6 A; 4 B; 2 C; D excluded. Total 17, quota floor(17 / 3) + 1 = 6. D's ballots pass over D to C at once:
    // stage 1: A6 B4 C7 (no D in the tally): C and A reach the quota.
    [Theory]
    [InlineData(TallyMethod.StvScottish)]
    [InlineData(TallyMethod.StvMeek)]
    public void Stv_leaves_excluded_candidates_out_of_every_tally(TallyMethod method)
    {
        var e = Ranked("A,B,C,D", (5, "D,C"), (6, "A"), (4, "B"), (2, "C")) with { Seats = 2 };
        var r = Ok(Kiosk.Voting.Tally.Tally.Count(method, e, TallyRules.Default with { Excluded = ["D"] }));
        Assert.All(r.Rounds, x => Assert.Equal(["A", "B", "C"], x.Tally.Select(t => t.Name)));
        Assert.Equal(7m, r.Rounds[0].Of("C"));
        Assert.Equal(["A", "C"], r.Winners.Order());
        Assert.Equal(["D"], r.Excluded);
    }

    [Fact]
    public void Stv_stops_after_round_n_with_the_seats_filled_so_far()
    {
        var scottish = Ok(ScottishStv.Count(s_writeIn, s_withWriteIn with { StopAfterRound = 2 }));
        Assert.Equal(2, scottish.Rounds.Count);
        Assert.Equal(["A"], scottish.Winners);
        Assert.Contains("the count stops after round 2, as the rules ask", scottish.Rounds[1].Notes);
        var meek = Ok(MeekStv.Count(s_writeIn, s_withWriteIn with { StopAfterRound = 1 }));
        Assert.Single(meek.Rounds);
        Assert.Empty(meek.Winners);
    }

    // 3 "C,A,B"; 2 "B,A". With C: C beats A 3-2 (the "B,A" ballots rank A above the unranked C) and B 3-2: C wins.
    // Excluded, or as the write-in (which can never win), C is taken off the ballots: A beats B 3-2.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Schulze_takes_excluded_candidates_and_the_write_in_off_the_ballots(bool asWriteIn)
    {
        var e = Ranked("A,B,C", (3, "C,A,B"), (2, "B,A"));
        Assert.Equal(["C"], Ok(Schulze.Count(e, TallyRules.Default)).Winners);
        var rules = asWriteIn ? TallyRules.Default with { UndeclaredWriteIn = "C" } : TallyRules.Default with { Excluded = ["C"] };
        var r = Ok(Schulze.Count(e, rules));
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(["A", "B"], r.Candidates);
        Assert.Equal(3m, r.Schulze!.Pairwise[0, 1]);
        Assert.Equal(2, r.Schulze.Pairwise.GetLength(0));
        using var json = System.Text.Json.JsonDocument.Parse(TallyJson.Write(r));
        Assert.Equal(["A", "B"], json.RootElement.GetProperty("pairwise").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["C"], json.RootElement.GetProperty("excluded").EnumerateArray().Select(x => x.GetString()));
    }
}
