using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// The vote rules of a choice (<see cref="ChoiceRules"/>) and the counting of approval, plurality and yes/no at their edges:
/// what each result says (notes, ranking, inactive votes, rules used, the decision's sentence), not only who won. Written
/// where mutation testing (docs/quality.md) found edits that no test noticed.
/// </summary>
public sealed class ChoiceCountingTests
{
    private static ChoiceBallot B(decimal weight, params int[] choices) => new(choices, weight);

    private static BallotDefinition Ballot(string method, string[] options, decimal? budget = null, decimal[]? costs = null) =>
        Ballots.VotingWorld.Ballot("b", method, options, budget: budget, costs: costs);

    [Theory]
    [InlineData("yes-no")]
    [InlineData("consent")]
    [InlineData("plurality")]
    public void Single_choice_methods_take_exactly_one_option(string method)
    {
        var ballot = Ballot(method, method == "consent" ? ["consent", "stand-aside", "object"] : ["yes", "no", "abstain"]);
        var first = ballot.Options[0].Id;
        var second = ballot.Options[1].Id;
        Assert.Null(ChoiceRules.Check(ballot, [first]));
        Assert.Equal("choose exactly one option", ChoiceRules.Check(ballot, []));
        Assert.Equal("choose exactly one option", ChoiceRules.Check(ballot, [first, second]));
    }

    [Theory]
    [InlineData("irv")]
    [InlineData("schulze")]
    [InlineData("stv-meek")]
    [InlineData("stv-scottish")]
    public void Ranked_methods_take_at_least_one_option(string method)
    {
        var ballot = Ballot(method, ["a", "b", "c"]);
        Assert.Equal("rank at least one option", ChoiceRules.Check(ballot, []));
        Assert.Null(ChoiceRules.Check(ballot, ["c"]));
        Assert.Null(ChoiceRules.Check(ballot, ["c", "a", "b"]));
    }

    [Fact]
    public void Approval_takes_any_set_of_options_including_none()
    {
        var ballot = Ballot("approval", ["a", "b", "c"]);
        Assert.Null(ChoiceRules.Check(ballot, []));
        Assert.Null(ChoiceRules.Check(ballot, ["a", "b", "c"]));
    }

    [Fact]
    public void An_unknown_option_is_named_with_the_ballots_options()
    {
        var ballot = Ballot("approval", ["a", "b"]);
        Assert.Equal("'z' is not an option of this ballot (options: a, b)", ChoiceRules.Check(ballot, ["a", "z"]));
    }

    [Fact]
    public void An_option_chosen_twice_is_refused()
    {
        Assert.Equal("an option is chosen twice", ChoiceRules.Check(Ballot("approval", ["a", "b"]), ["a", "b", "a"]));
        Assert.Equal("an option is chosen twice", ChoiceRules.Check(Ballot("irv", ["a", "b"]), ["b", "b"]));
    }

    [Fact]
    public void Equal_shares_projects_may_cost_up_to_the_budget_and_not_more()
    {
        var ballot = Ballot("equal-shares", ["a", "b", "c"], budget: 30, costs: [10, 20, 1]);
        Assert.Null(ChoiceRules.Check(ballot, ["a", "b"]));
        Assert.Equal("the chosen projects cost more than the budget of 30", ChoiceRules.Check(ballot, ["a", "b", "c"]));
    }

    [Fact]
    public void Only_an_objection_on_a_consent_ballot_carries_a_reason()
    {
        var consent = Ballot("consent", ["consent", "stand-aside", "object"]);
        Assert.Null(ChoiceRules.Check(consent, ["object"], "too noisy"));
        Assert.Null(ChoiceRules.Check(consent, ["consent"]));
        Assert.Equal("only an objection on a consent ballot carries a reason", ChoiceRules.Check(consent, ["consent"], "too noisy"));
        Assert.Equal("only an objection on a consent ballot carries a reason", ChoiceRules.Check(Ballot("yes-no", ["yes", "no", "abstain"]), ["no"], "too noisy"));
        var objectOption = Ballot("approval", ["object", "other"]);
        Assert.Equal("only an objection on a consent ballot carries a reason", ChoiceRules.Check(objectOption, ["object"], "why"));
    }

    [Fact]
    public void Approval_reports_tallies_ranking_blank_votes_and_rules()
    {
        // A 3+1 = 4, B 3+2 = 5, C 2, D 0; a blank ballot of weight 4; a ballot naming A twice counts A once.
        var election = new ChoiceElection(["A", "B", "C", "D"], [B(3, 0, 1), B(2, 1, 2), B(1, 0, 0), B(4)]);
        var r = Ok(TopChoices.Approval(election, TallyRules.Default with { Seats = 2 }));
        Assert.Equal(TallyMethod.Approval, r.Method);
        Assert.Equal(["A", "B", "C", "D"], r.Candidates);
        Assert.Equal(2, r.Seats);
        Assert.Equal(["B", "A"], r.Winners);
        var round = Assert.Single(r.Rounds);
        Assert.Equal(1, round.Round);
        Assert.Equal(["B", "A"], round.Elected);
        Assert.Equal([4m, 5m, 2m, 0m], round.Tally.Select(t => t.Value));
        Assert.Equal(["A", "B", "C", "D"], round.Tally.Select(t => t.Name));
        Assert.Null(round.Inactive);
        Assert.Equal(["4 vote(s) were blank"], round.Notes);
        Assert.Equal([["B"], ["A"], ["C"], ["D"]], r.Ranking!.Select(g => g.ToArray()));
        Assert.Equal(10m, r.TotalVotes);
        Assert.Null(r.Seed);
        Assert.Equal([("seats", "2"), ("tieBreak", TallyRules.Name(TieBreakRule.PreviousRoundsThenCandidateOrder))], r.RulesUsed.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Plurality_reports_overvotes_and_blank_votes_as_inactive()
    {
        var election = new ChoiceElection(["A", "B", "C"], [B(2, 0), B(1, 1), B(1, 2), B(3, 0, 1), B(0.5m)]);
        var r = Ok(TopChoices.Plurality(election, TallyRules.Default with { TieBreak = TieBreakRule.CandidateOrder }));
        Assert.Equal(TallyMethod.Plurality, r.Method);
        Assert.Equal(["A"], r.Winners);
        var round = Assert.Single(r.Rounds);
        Assert.Equal([2m, 1m, 1m], round.Tally.Select(t => t.Value));
        Assert.Equal(new InactiveCounts(3, 0, 0.5m, 0), round.Inactive);
        Assert.Equal(["3 vote(s) chose more than one option and count for none (overvotes)", "0.5 vote(s) were blank"], round.Notes);
        // B and C tie: one group, in candidate order.
        Assert.Equal([["A"], ["B", "C"]], r.Ranking!.Select(g => g.ToArray()));
        Assert.Equal(7.5m, r.TotalVotes);
    }

    [Fact]
    public void A_plurality_without_overvotes_or_blanks_has_no_notes()
    {
        var r = Ok(TopChoices.Plurality(new ChoiceElection(["A", "B"], [B(2, 0), B(1, 1)]), TallyRules.Default));
        Assert.Empty(r.Rounds[0].Notes);
        Assert.Equal(new InactiveCounts(0, 0, 0, 0), r.Rounds[0].Inactive);
    }

    [Fact]
    public void More_seats_than_options_is_an_error_and_as_many_elects_all()
    {
        var election = new ChoiceElection(["A", "B"], [B(1, 0)]);
        var error = TopChoices.Approval(election, TallyRules.Default with { Seats = 3 }).Error;
        Assert.Equal("cannot fill 3 seat(s) from 2 option(s)", error?.Message);
        var all = Ok(TopChoices.Approval(election, TallyRules.Default with { Seats = 2, TieBreak = TieBreakRule.CandidateOrder }));
        Assert.Equal(["A", "B"], all.Winners);
    }

    [Fact]
    public void A_random_tie_break_records_its_seed()
    {
        var r = Ok(TopChoices.Approval(new ChoiceElection(["A", "B"], [B(1, 0), B(1, 1)]), TallyRules.Default with { TieBreak = TieBreakRule.Random, Seed = 42 }));
        Assert.Equal(42UL, r.Seed);
        Assert.Single(r.Winners);
    }

    [Fact]
    public void Yes_no_reads_its_options_in_any_order_and_case()
    {
        // Options listed as No, ABSTAIN, Yes: the counts still land on the right names.
        var election = new ChoiceElection(["No", "ABSTAIN", "Yes"], [B(5, 2), B(3, 0), B(2, 1)]);
        var r = Ok(YesNoVote.Count(election, TallyRules.Default));
        Assert.Equal(["yes", "no", "abstain"], r.Candidates);
        Assert.Equal([5m, 3m, 2m], r.Rounds[0].Tally.Select(t => t.Value));
        Assert.Equal(["yes"], r.Winners);
        Assert.Equal(["yes"], r.Rounds[0].Elected);
        Assert.Equal(TallyMethod.YesNo, r.Method);
    }

    [Fact]
    public void Yes_no_refuses_another_option()
    {
        var error = YesNoVote.Count(new ChoiceElection(["yes", "no", "maybe"], []), TallyRules.Default).Error;
        Assert.Equal("'maybe' is not a yes/no/abstain option (expected yes, no or abstain)", error?.Message);
    }

    [Fact]
    public void Yes_no_counts_ballots_with_other_than_one_choice_as_spoilt()
    {
        // [yes, yes] is one distinct choice: a yes. [] and [yes, no] are spoilt.
        var election = new ChoiceElection(["yes", "no", "abstain"], [B(1, 0, 0), B(2), B(3, 0, 1), B(1, 1)]);
        var r = Ok(YesNoVote.Count(election, TallyRules.Default));
        Assert.Equal([1m, 1m, 0m], r.Rounds[0].Tally.Select(t => t.Value));
        Assert.Equal(7m, r.TotalVotes);
        Assert.Equal(2m, r.Decision!.Participation);
        Assert.Equal("5 spoilt vote(s) (not exactly one of yes, no, abstain)", r.Rounds[0].Notes[1]);
        Assert.False(r.Decision.Passed);
        Assert.Empty(r.Winners);
        Assert.Empty(r.Rounds[0].Elected);
    }

    [Fact]
    public void Yes_no_says_why_it_passed_or_not_and_which_rules_it_used()
    {
        var passed = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(11, 0), B(10, 1), B(50, 2)]), TallyRules.Default));
        Assert.Equal("passed: yes 11, no 10 (more yes than no); abstentions (50) count for quorum only", passed.Decision!.Reason);
        Assert.Equal([passed.Decision.Reason], passed.Rounds[0].Notes);
        Assert.Null(passed.Decision.QuorumMet);
        Assert.Null(passed.Decision.QuorumRequired);
        Assert.Equal([("threshold", "simple-majority"), ("quorum", "none")], passed.RulesUsed.Select(p => (p.Key, p.Value)));

        var rules = TallyRules.Default with { Threshold = YesNoThreshold.TwoThirds, QuorumBase = 40, QuorumFraction = 0.5m, QuorumBasis = "eligible" };
        var failed = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(19, 0), B(10, 1)]), rules));
        Assert.Equal("not passed: yes 19, no 10 does not reach at least two thirds of yes + no; abstentions (0) count for quorum only", failed.Decision!.Reason);
        Assert.True(failed.Decision.QuorumMet);
        Assert.Equal(20.0m, failed.Decision.QuorumRequired);
        Assert.Equal([("threshold", "two-thirds"), ("quorum", "0.5 of 40 eligible")], failed.RulesUsed.Select(p => (p.Key, p.Value)));

        var inquorate = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(10, 0), B(9, 2)]), rules));
        Assert.Equal("quorum not met: 19 took part, 20.0 needed (0.5 of 40 eligible)", inquorate.Decision!.Reason);
        Assert.False(inquorate.Decision.QuorumMet);
        Assert.False(inquorate.Decision.Passed);
    }

    [Fact]
    public void Participation_equal_to_the_quorum_meets_it()
    {
        var rules = TallyRules.Default with { QuorumBase = 40, QuorumFraction = 0.5m };
        var r = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(11, 0), B(9, 2)]), rules));
        Assert.True(r.Decision!.QuorumMet);
        Assert.True(r.Decision.Passed);
    }

    [Theory]
    [InlineData(YesNoThreshold.SimpleMajority)]
    [InlineData(YesNoThreshold.TwoThirds)]
    [InlineData(YesNoThreshold.ThreeQuarters)]
    [InlineData(YesNoThreshold.Unanimity)]
    public void Only_abstentions_never_pass(YesNoThreshold threshold)
    {
        var r = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(5, 2)]), TallyRules.Default with { Threshold = threshold }));
        Assert.False(r.Decision!.Passed);
        Assert.Equal(5m, r.Decision.Participation);
    }

    [Theory]
    [InlineData(YesNoThreshold.ThreeQuarters, 3, 1, true, "at least three quarters of yes + no")]
    [InlineData(YesNoThreshold.ThreeQuarters, 2, 1, false, "at least three quarters of yes + no")]
    [InlineData(YesNoThreshold.Unanimity, 1, 0, true, "no vote against and at least one for")]
    [InlineData(YesNoThreshold.Unanimity, 9, 1, false, "no vote against and at least one for")]
    public void Each_threshold_names_its_rule(YesNoThreshold threshold, int yes, int no, bool passes, string rule)
    {
        var r = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(yes, 0), B(no, 1)]), TallyRules.Default with { Threshold = threshold }));
        Assert.Equal(passes, r.Decision!.Passed);
        Assert.Contains(rule, r.Decision.Reason, StringComparison.Ordinal);
    }

    private static Outcome<TallyResult> CountBy(string method, ChoiceElection? election, TallyRules? rules) => method switch
    {
        "approval" => TopChoices.Approval(election!, rules!),
        "plurality" => TopChoices.Plurality(election!, rules!),
        "yes-no" => YesNoVote.Count(election!, rules!),
        _ => ConsentVote.Count(election!, rules!),
    };

    [Theory]
    [InlineData("approval")]
    [InlineData("plurality")]
    [InlineData("yes-no")]
    [InlineData("consent")]
    public void Every_choice_count_refuses_bad_ballots_before_bad_rules_and_names_missing_arguments(string method)
    {
        string[] options = method == "consent" ? ["consent", "stand-aside", "object"] : ["yes", "no", "abstain"];
        var good = new ChoiceElection(options, [B(1, 0)]);
        var negative = new ChoiceElection(options, [B(-1, 0)]);
        var noSeats = TallyRules.Default with { Seats = 0 };
        Assert.True(CountBy(method, good, TallyRules.Default).Ok);
        Assert.Equal("ballot 1 has a negative weight (-1)", CountBy(method, negative, TallyRules.Default).Error?.Message);
        Assert.Equal("seats must be at least 1, not 0", CountBy(method, good, noSeats).Error?.Message);
        Assert.Equal("ballot 1 has a negative weight (-1)", CountBy(method, negative, noSeats).Error?.Message);
        Assert.Equal("election", Assert.Throws<ArgumentNullException>(() => CountBy(method, null, TallyRules.Default)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => CountBy(method, good, null)).ParamName);
    }

    [Fact]
    public void The_vote_rules_name_a_missing_ballot_or_choice()
    {
        var ballot = Ballot("approval", ["a", "b"]);
        Assert.Equal("ballot", Assert.Throws<ArgumentNullException>(() => ChoiceRules.Check(null!, ["a"])).ParamName);
        Assert.Equal("choice", Assert.Throws<ArgumentNullException>(() => ChoiceRules.Check(ballot, null!)).ParamName);
    }

    [Fact]
    public void A_yes_no_tally_names_its_three_answers()
    {
        var r = Ok(YesNoVote.Count(new ChoiceElection(["yes", "no", "abstain"], [B(2, 0), B(1, 1), B(3, 2)]), TallyRules.Default));
        Assert.Equal([("yes", 2m), ("no", 1m), ("abstain", 3m)], r.Rounds[0].Tally.Select(t => (t.Name, t.Value)));
    }
}
