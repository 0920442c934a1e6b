using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>Yes/no/abstain, consent, approval and plurality on small hand-counted inputs.</summary>
public sealed class ChoiceMethodsTests
{
    private static TallyResult Run(TallyMethod method, string csv, TallyRules? rules = null) =>
        Ok(Kiosk.Voting.Tally.Tally.Run(method, csv, "ballots.csv", rules ?? TallyRules.Default));

    private static string YesNo(int yes, int no, int abstain) =>
        "choice,weight\n" + $"yes,{yes}\nno,{no}\nabstain,{abstain}\n";

    // Two thirds of yes + no: 20 yes, 10 no -> 20/30 = 2/3 exactly, passes; 19 yes, 10 no -> 19/29 < 2/3, fails.
    [Theory]
    [InlineData(YesNoThreshold.SimpleMajority, 11, 10, true)]
    [InlineData(YesNoThreshold.SimpleMajority, 10, 10, false)]
    [InlineData(YesNoThreshold.TwoThirds, 20, 10, true)]
    [InlineData(YesNoThreshold.TwoThirds, 19, 10, false)]
    [InlineData(YesNoThreshold.ThreeQuarters, 30, 10, true)]
    [InlineData(YesNoThreshold.ThreeQuarters, 29, 10, false)]
    [InlineData(YesNoThreshold.Unanimity, 30, 0, true)]
    [InlineData(YesNoThreshold.Unanimity, 30, 1, false)]
    public void Thresholds_count_yes_against_yes_plus_no(YesNoThreshold threshold, int yes, int no, bool passes)
    {
        var r = Run(TallyMethod.YesNo, YesNo(yes, no, 50), TallyRules.Default with { Threshold = threshold });
        Assert.Equal(passes, r.Decision!.Passed);
    }

    [Fact]
    public void Abstentions_count_towards_quorum_but_not_towards_the_threshold()
    {
        // 100 codes issued, quorum half: 10 yes + 5 no + 35 abstain = 50 take part, quorum met; 10 > 5, passes.
        var rules = TallyRules.Default with { QuorumBase = 100, QuorumFraction = 0.5m, QuorumBasis = "codes-issued" };
        var met = Run(TallyMethod.YesNo, YesNo(10, 5, 35), rules);
        Assert.True(met.Decision!.QuorumMet);
        Assert.True(met.Decision.Passed);
        Assert.Equal(50m, met.Decision.Participation);
        // One abstention fewer: 49 < 50, quorum missed, fails even though yes leads.
        var missed = Run(TallyMethod.YesNo, YesNo(10, 5, 34), rules);
        Assert.False(missed.Decision!.QuorumMet);
        Assert.False(missed.Decision.Passed);
        Assert.Contains("quorum not met", missed.Decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Consent_passes_without_objections_and_lists_objections_with_reasons()
    {
        var passed = Run(TallyMethod.Consent, "id,choice,reason\n1,consent,\n2,stand-aside,not my thing\n3,consent,\n");
        Assert.True(passed.Decision!.Passed);
        Assert.Empty(passed.Objections!);
        var blocked = Run(TallyMethod.Consent, "id,choice,reason\n1,consent,\n2,object,\"the lift budget, not the garden\"\n3,object,noise at night\n");
        Assert.False(blocked.Decision!.Passed);
        Assert.Equal(["the lift budget, not the garden", "noise at night"], blocked.Objections!.Select(o => o.Reason));
        Assert.Equal(["2", "3"], blocked.Objections!.Select(o => o.Id!));
    }

    [Fact]
    public void Approval_elects_the_top_n_by_approvals()
    {
        // A: 3+1 = 4, B: 3+2 = 5, C: 2, D: 1.
        var r = Run(TallyMethod.Approval, "choices,weight\nA|B,3\nB|C,2\nA|D,1\n", TallyRules.Default with { Seats = 2 });
        Assert.Equal(["B", "A"], r.Winners);
        Assert.Equal(5m, r.Rounds[0].Of("B"));
    }

    [Fact]
    public void Plurality_ignores_overvotes_and_elects_the_top_n()
    {
        // A 3, B 2, C 2 (ballot "A|B" is an overvote and counts for none); two seats: A, then B and C tie -> earlier-listed B.
        var r = Run(TallyMethod.Plurality, "choice\nA\nA\nA\nB\nB\nC\nC\nA|B\n", TallyRules.Default with { Seats = 2, TieBreak = TieBreakRule.CandidateOrder });
        Assert.Equal(["A", "B"], r.Winners);
        Assert.Equal(1m, r.Rounds[0].Inactive!.Overvotes);
        Assert.Contains(r.Rounds[0].Notes, n => n.Contains("tie between B, C", StringComparison.Ordinal));
    }
}
