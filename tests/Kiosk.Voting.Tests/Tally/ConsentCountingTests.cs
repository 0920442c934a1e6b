using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// The counting of a consent ballot (<see cref="ConsentVote"/>) to the letter: totals per answer with weights, spoilt votes,
/// the decision's sentence, every objection with its reason and id, and the refusals. Written where mutation testing
/// (docs/quality.md) found edits that no test noticed.
/// </summary>
public sealed class ConsentCountingTests
{
    private static readonly string[] s_options = ["consent", "stand-aside", "object"];

    private static ChoiceBallot B(decimal weight, string? id, string? reason, params int[] choices) => new(choices, weight, id, reason);

    [Fact]
    public void Without_objections_the_proposal_passes_and_the_sentence_gives_both_other_totals()
    {
        // consent 2 + 1.5 = 3.5, stand aside 1; a blank ballot (weight 2) and one with two answers (weight 1) are spoilt.
        var election = new ChoiceElection(s_options, [B(2, "1", null, 0), B(1.5m, "2", null, 0), B(1, "3", null, 1), B(2, "4", null), B(1, "5", null, 0, 1)]);
        var r = Ok(ConsentVote.Count(election, TallyRules.Default));
        const string reason = "passed: no objections (3.5 consent, 1 stand aside)";
        Assert.Equal(TallyMethod.Consent, r.Method);
        Assert.Equal(s_options, r.Candidates);
        Assert.Equal(["consent"], r.Winners);
        var round = Assert.Single(r.Rounds);
        Assert.Equal(1, round.Round);
        Assert.Equal(["consent"], round.Elected);
        Assert.Equal(s_options, round.Tally.Select(t => t.Name));
        Assert.Equal([3.5m, 1m, 0m], round.Tally.Select(t => t.Value));
        Assert.Equal([reason, "3 spoilt vote(s)"], round.Notes);
        Assert.Equal(new TallyDecision(true, reason, Participation: 4.5m), r.Decision);
        Assert.Equal(7.5m, r.TotalVotes);
        Assert.Empty(r.Objections!);
    }

    [Fact]
    public void One_objection_blocks_and_every_objection_is_listed_with_its_reason_and_id()
    {
        // Two objections with weight (one without id, one without reason); an objection of weight 0 is no objection.
        var election = new ChoiceElection(s_options,
            [B(3, "1", null, 0), B(1, null, "too noisy", 2), B(2, "7", null, 2), B(0, "9", "weightless", 2), B(1, "4", null, 1)]);
        var r = Ok(ConsentVote.Count(election, TallyRules.Default));
        const string reason = "blocked: 2 objection(s)";
        Assert.Empty(r.Winners);
        var round = Assert.Single(r.Rounds);
        Assert.Empty(round.Elected);
        Assert.Equal([3m, 1m, 3m], round.Tally.Select(t => t.Value));
        Assert.Equal([reason, "objection: too noisy", "objection (7): (no reason given)"], round.Notes);
        Assert.Equal([new Objection("too noisy", 1), new Objection("", 2, "7")], r.Objections!);
        Assert.Equal(new TallyDecision(false, reason, Participation: 7m), r.Decision);
        Assert.Equal(7m, r.TotalVotes);
    }

    [Fact]
    public void An_objection_of_weight_zero_does_not_block()
    {
        var r = Ok(ConsentVote.Count(new ChoiceElection(s_options, [B(1, "1", null, 0), B(0, "2", "no", 2)]), TallyRules.Default));
        Assert.True(r.Decision!.Passed);
        Assert.Equal("passed: no objections (1 consent, 0 stand aside)", r.Decision.Reason);
        Assert.Empty(r.Objections!);
    }

    [Fact]
    public void Answers_are_matched_without_regard_to_case_and_in_any_order()
    {
        // The file lists OBJECT first: a ballot choosing option 0 is an objection, option 2 a consent.
        var election = new ChoiceElection(["OBJECT", "Stand-Aside", "Consent"], [B(2, "1", null, 2), B(1, "2", null, 1)]);
        var r = Ok(ConsentVote.Count(election, TallyRules.Default));
        Assert.True(r.Decision!.Passed);
        Assert.Equal([2m, 1m, 0m], r.Rounds[0].Tally.Select(t => t.Value));
        var objected = Ok(ConsentVote.Count(election with { Ballots = [B(1, "3", "why", 0)] }, TallyRules.Default));
        Assert.False(objected.Decision!.Passed);
        Assert.Equal([0m, 0m, 1m], objected.Rounds[0].Tally.Select(t => t.Value));
    }

    [Fact]
    public void An_option_that_is_no_consent_answer_is_refused_by_name()
    {
        var error = ConsentVote.Count(new ChoiceElection(["consent", "maybe"], [B(1, "1", null, 0)]), TallyRules.Default).Error;
        Assert.Equal("'maybe' is not a consent option (expected consent, stand-aside or object)", error?.Message);
    }

    [Fact]
    public void A_ballot_naming_an_unknown_option_number_is_refused()
    {
        var error = ConsentVote.Count(new ChoiceElection(s_options, [B(1, "1", null, 3)]), TallyRules.Default).Error;
        Assert.Equal("ballot 1 names unknown option number 4", error?.Message);
    }
}
