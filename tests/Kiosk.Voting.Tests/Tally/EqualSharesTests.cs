using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>Participatory budgeting by the Method of Equal Shares, with its completion rule and the greedy comparison.</summary>
public sealed class EqualSharesTests
{
    private static BudgetInstance Instance(decimal budget, (string Name, decimal Cost)[] projects, params (decimal Weight, string Approved)[] voters)
    {
        var names = projects.Select(p => p.Name).ToList();
        return new BudgetInstance(
            projects.Select(p => new BudgetProject(p.Name, p.Cost)).ToArray(),
            voters.Select(v => new ChoiceBallot(v.Approved.Split(',').Select(a => names.IndexOf(a)).ToArray(), v.Weight)).ToArray(),
            budget);
    }

    /// <summary>
    /// The motivating example of equalshares.net and of Wikipedia's "Method of Equal Shares" (Peters &amp; Skowron): 51% of voters
    /// support 10 red projects, 49% support 10 blue projects, and the budget pays for 10. The published outcome: greedy-by-votes
    /// funds the 10 red projects; Equal Shares funds 5 red and 5 blue.
    /// By hand (100 voters, each project 100, budget 1000): the first pass gives each voter 10; red voters hold 510 and fund 5 red
    /// projects at 100/51 each, blue voters hold 490 and fund 4 blue at 100/49; 900 spent. The add-one completion raises the share
    /// to 11: red 561 funds 5 red, blue 539 funds 5 blue, 1000 spent — fits; at 12, red 612 funds 6 and blue 588 funds 5: 1100, too
    /// much, so the result at 11 is kept.
    /// </summary>
    [Fact]
    public void Fifty_one_to_forty_nine_split_funds_five_red_and_five_blue_where_greedy_funds_ten_red()
    {
        var projects = Enumerable.Range(1, 10).Select(i => ($"red{i}", 100m)).Concat(Enumerable.Range(1, 10).Select(i => ($"blue{i}", 100m))).ToArray();
        var red = string.Join(",", Enumerable.Range(1, 10).Select(i => $"red{i}"));
        var blue = string.Join(",", Enumerable.Range(1, 10).Select(i => $"blue{i}"));
        var r = Ok(EqualShares.Count(Instance(1000, projects, (51, red), (49, blue)), TallyRules.Default));
        Assert.Equal(5, r.Winners.Count(w => w.StartsWith("red", StringComparison.Ordinal)));
        Assert.Equal(5, r.Winners.Count(w => w.StartsWith("blue", StringComparison.Ordinal)));
        Assert.Equal(1000m, r.Budget!.Spent);
        Assert.Equal(11m, r.Budget.ShareUsed);
        Assert.All(r.Budget.GreedyWinners, w => Assert.StartsWith("red", w, StringComparison.Ordinal));
        Assert.Equal(10, r.Budget.GreedyWinners.Count);

        var firstPass = Ok(EqualShares.Count(Instance(1000, projects, (51, red), (49, blue)), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(9, firstPass.Winners.Count);
        Assert.Equal(900m, firstPass.Budget!.Spent);
    }

    /// <summary>
    /// A voter who cannot pay the full price pays all they have. By hand: budget 30, three voters with 10 each.
    /// Round 1: A (cost 6, approved by v1 only) costs 6 per voter; B (cost 24, approved by all) costs 8 per voter; A is cheaper and
    /// is funded: v1 keeps 4. Round 2: B needs ρ with min(4, ρ) + 2ρ = 24, so ρ = 10 (v1 pays 4, v2 and v3 pay 10). All 30 spent.
    /// </summary>
    [Fact]
    public void Supporters_short_of_the_price_pay_what_they_have()
    {
        var r = Ok(EqualShares.Count(Instance(30, [("A", 6), ("B", 24)], (1, "A,B"), (1, "B"), (1, "B")), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["A", "B"], r.Winners);
        Assert.Equal(6m, r.Rounds[0].Threshold);
        Assert.Equal(10m, r.Rounds[1].Threshold);
        Assert.Equal(30m, r.Budget!.Spent);
        Assert.Equal(["B", "A"], r.Budget.GreedyWinners);
    }

    [Fact]
    public void Pabulib_file_is_read_and_counted()
    {
        const string pb = "META\nkey;value\ndescription;Test\nbudget;30\nvote_type;approval\nPROJECTS\nproject_id;cost;name\nA;6;First\nB;24;Second\nVOTES\nvoter_id;vote\n1;A,B\n2;B\n3;B\n";
        var r = Ok(Kiosk.Voting.Tally.Tally.Run(TallyMethod.EqualShares, pb, "test.pb", TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["A", "B"], r.Winners);
    }

    // The example above read in full (the two "B" voters are one group of weight 2). Round 1: supporters of A hold 10, of B 30;
    // A is funded at 6. Round 2: A's supporter holds 4, B's supporters 4 + 20 = 24; B is funded at 10.
    [Fact]
    public void Each_round_reports_the_money_held_the_price_and_the_share()
    {
        var r = Ok(EqualShares.Count(Instance(30, [("A", 6), ("B", 24)], (1, "A,B"), (1, "B"), (1, "B")), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(TallyMethod.EqualShares, r.Method);
        Assert.Equal(2, r.Seats);
        Assert.Equal(3m, r.TotalVotes);
        Assert.Equal([1, 2], r.Rounds.Select(x => x.Round));
        Assert.Equal([("A", 10m), ("B", 30m)], r.Rounds[0].Tally.Select(t => (t.Name, t.Value)));
        Assert.Equal(["A"], r.Rounds[0].Elected);
        Assert.Equal(["tally: money the supporters of each project hold before this round", "A (cost 6, 1 votes) funded at 6 per voter; each voter's share was 10"], r.Rounds[0].Notes);
        Assert.Equal([("A", 4m), ("B", 24m)], r.Rounds[1].Tally.Select(t => (t.Name, t.Value)));
        Assert.Equal(["tally: money the supporters of each project hold before this round", "B (cost 24, 3 votes) funded at 10 per voter; each voter's share was 10"], r.Rounds[1].Notes);
        Assert.Equal(new BudgetSummary(30, 30, TallyRules.Name(CompletionRule.None), 10, r.Budget!.GreedyWinners, 30), r.Budget);
        Assert.Equal([("completion", TallyRules.Name(CompletionRule.None)), ("completionStep", "1")], r.RulesUsed.Select(p => (p.Key, p.Value)));
    }

    // Budget 10, two voters with 5 each: A (6, voter 1), B (5, voter 2), C (2, nobody). The first pass funds B at 5; A is out of
    // voter 1's reach. Add one: at a share of 6 both A and B are funded, 11 > 10, so the share of 5 is kept. The greedy fill then
    // takes, by votes, A (6 > 5 left: no), then C (2 of 5 left): funded, 3 left. Greedy alone: A (4 left), not B, C (2 left).
    [Fact]
    public void The_greedy_fill_is_a_round_of_its_own_that_says_what_is_left()
    {
        var r = Ok(EqualShares.Count(Instance(10, [("A", 6), ("B", 5), ("C", 2)], (1, "A"), (1, "B")), TallyRules.Default));
        Assert.Equal(["B", "C"], r.Winners);
        var fill = r.Rounds[^1];
        Assert.Equal(2, fill.Round);
        Assert.Equal(["C"], fill.Elected);
        Assert.Equal([("A", 1m), ("B", 1m), ("C", 0m)], fill.Tally.Select(t => (t.Name, t.Value)));
        Assert.Equal(["completion (greedy by votes): C (0 votes) costs 2, 3 left"], fill.Notes);
        Assert.Equal(["A", "C"], r.Budget!.GreedyWinners);
        Assert.Equal(new BudgetSummary(10, 7, TallyRules.Name(CompletionRule.AddOneThenGreedy), 5, r.Budget.GreedyWinners, 8), r.Budget);
    }

    // Budget 10, A (cost 8) approved by two voters, Z (cost 0) by nobody. Each voter's share is 5. Round 1: Z costs nothing, so
    // it is funded at 0 per voter although nobody approved it. Round 2: A at 8 / 2 = 4 per voter, both hold 5. Both projects are
    // funded in the first pass, so the add-one completion has nothing to add and keeps the share of 5.
    // Greedy alone: A (2 votes, 8, 2 left), then Z (0, 2 left).
    [Fact]
    public void A_project_that_costs_nothing_is_funded_at_zero_and_a_full_first_pass_keeps_its_share()
    {
        var instance = Instance(10, [("A", 8), ("Z", 0)], (1, "A"), (1, "A"));
        var none = Ok(EqualShares.Count(instance, TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["Z", "A"], none.Winners);
        Assert.Equal([0m, 4m], none.Rounds.Select(x => x.Threshold));
        Assert.Equal([("A", 10m), ("Z", 0m)], none.Rounds[0].Tally.Select(t => (t.Name, t.Value)));
        Assert.Equal("Z (cost 0, 0 votes) funded at 0 per voter; each voter's share was 5", none.Rounds[0].Notes[1]);
        Assert.Equal("A (cost 8, 2 votes) funded at 4 per voter; each voter's share was 5", none.Rounds[1].Notes[1]);

        var addOne = Ok(EqualShares.Count(instance, TallyRules.Default));
        Assert.Equal(["Z", "A"], addOne.Winners);
        Assert.Equal(2, addOne.Rounds.Count);
        Assert.Equal(new BudgetSummary(10, 8, TallyRules.Name(CompletionRule.AddOneThenGreedy), 5, addOne.Budget!.GreedyWinners, 8), addOne.Budget);
        Assert.Equal(["A", "Z"], addOne.Budget.GreedyWinners);
    }

    // No ballots: nobody holds a share, the first pass funds nothing, and the greedy fill takes the projects in listed order
    // (all have 0 votes): A (8, 2 left), then Z (0, 2 left).
    [Fact]
    public void Without_voters_only_the_greedy_fill_funds_projects_in_listed_order()
    {
        var instance = new BudgetInstance([new BudgetProject("A", 8), new BudgetProject("Z", 0)], [], 10);
        var r = Ok(EqualShares.Count(instance, TallyRules.Default));
        Assert.Equal(["A", "Z"], r.Winners);
        Assert.Equal(0m, r.TotalVotes);
        Assert.Equal([1, 2], r.Rounds.Select(x => x.Round));
        Assert.Equal(["completion (greedy by votes): A (0 votes) costs 8, 2 left"], r.Rounds[0].Notes);
        Assert.Equal(["completion (greedy by votes): Z (0 votes) costs 0, 2 left"], r.Rounds[1].Notes);
        Assert.Equal(new BudgetSummary(10, 8, TallyRules.Name(CompletionRule.AddOneThenGreedy), 0, r.Budget!.GreedyWinners, 8), r.Budget);
        Assert.Empty(Ok(EqualShares.Count(instance, TallyRules.Default with { Completion = CompletionRule.None })).Winners);
    }

    // The example of Supporters_short_of_the_price_pay_what_they_have with the budget set by the rules to 24 instead of the
    // file's 30: each voter's share is 8. A is funded at 6 (voter 1 keeps 2); B's supporters then hold 2 + 8 + 8 = 18 < 24, so B
    // drops out. Greedy alone with 24: B (3 votes) takes all of it.
    [Fact]
    public void A_budget_given_in_the_rules_replaces_the_files()
    {
        var r = Ok(EqualShares.Count(Instance(30, [("A", 6), ("B", 24)], (1, "A,B"), (1, "B"), (1, "B")), TallyRules.Default with { Completion = CompletionRule.None, Budget = 24 }));
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(new BudgetSummary(24, 6, TallyRules.Name(CompletionRule.None), 8, r.Budget!.GreedyWinners, 24), r.Budget);
        Assert.Equal(["B"], r.Budget.GreedyWinners);
        Assert.Equal("the budget cannot be negative (-1)", EqualShares.Count(Instance(30, [("A", 6)], (1, "A")), TallyRules.Default with { Budget = -1 }).Error?.Message);
    }

    [Fact]
    public void Bad_ballots_are_named_before_bad_rules_and_missing_arguments_are_named()
    {
        var badBallots = new BudgetInstance([new BudgetProject("A", 6)], [new ChoiceBallot([3], 1)], 10);
        var badRules = TallyRules.Default with { CompletionStep = 0 };
        Assert.Equal("ballot 1 names unknown option number 4", EqualShares.Count(badBallots, badRules).Error?.Message);
        Assert.Equal("the completion step must be greater than zero", EqualShares.Count(Instance(10, [("A", 6)], (1, "A")), badRules).Error?.Message);
        Assert.Equal("instance", Assert.Throws<ArgumentNullException>(() => EqualShares.Count(null!, TallyRules.Default)).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => EqualShares.Count(badBallots, null!)).ParamName);
    }

    // The 51/49 example's first pass, in order: red's price 100/51 is below blue's 100/49 until red's supporters run out after
    // five projects, so red1 to red5 come first, equal prices going to the earlier-listed project, then blue1 to blue4.
    [Fact]
    public void Equal_prices_and_votes_fund_the_earlier_listed_project_first()
    {
        var projects = Enumerable.Range(1, 10).Select(i => ($"red{i}", 100m)).Concat(Enumerable.Range(1, 10).Select(i => ($"blue{i}", 100m))).ToArray();
        var red = string.Join(",", Enumerable.Range(1, 10).Select(i => $"red{i}"));
        var blue = string.Join(",", Enumerable.Range(1, 10).Select(i => $"blue{i}"));
        var r = Ok(EqualShares.Count(Instance(1000, projects, (51, red), (49, blue)), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["red1", "red2", "red3", "red4", "red5", "blue1", "blue2", "blue3", "blue4"], r.Winners);
    }

    // Budget 6, three voters with 2 each: X (cost 4) approved by two, Y (cost 2) by one. Both cost 2 per voter; the tie goes to
    // the project with more votes, X, and Y follows in the next round.
    [Fact]
    public void Equal_prices_go_to_the_project_with_more_votes()
    {
        var r = Ok(EqualShares.Count(Instance(6, [("X", 4), ("Y", 2)], (1, "X"), (1, "X"), (1, "Y")), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["X", "Y"], r.Winners);
        Assert.Equal([2m, 2m], r.Rounds.Select(x => x.Threshold));
    }

    // Budget 80, four voters with 20 each, in two groups of weight 2: g0 approves A (cost 20) and B (cost 48), g1 only B.
    // Round 1: A at 10 per voter (B would cost 12); g0 keeps 10. Round 2: B's equal split, 12, is more than g0 holds, so g0
    // pays its 10 (20 in all) and g1 covers the remaining 28 at 14 per voter.
    [Fact]
    public void A_poorer_group_pays_all_it_has_and_the_rest_share_what_is_left()
    {
        var r = Ok(EqualShares.Count(Instance(80, [("A", 20), ("B", 48)], (2, "A,B"), (1, "B"), (1, "B")), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["A", "B"], r.Winners);
        Assert.Equal([10m, 14m], r.Rounds.Select(x => x.Threshold));
        Assert.Equal([("A", 20m), ("B", 60m)], r.Rounds[1].Tally.Select(t => (t.Name, t.Value)));
        Assert.Equal(68m, r.Budget!.Spent);
    }

    // Budget 10, two voters of weight 0.5 (one voter in all, share 10): A (cost 8) approved by one, B (cost 2) by the other.
    // The first pass funds B only (A's supporter holds 0.5 x 10 = 5). Add one: a voter of weight 0.5 pays a project of cost 8
    // only at a share of 16, so the share is raised while share x 0.5 <= 8; at 16 both are funded for exactly 10.
    [Fact]
    public void Add_one_raises_the_share_until_the_lightest_voter_could_pay_the_dearest_project()
    {
        var r = Ok(EqualShares.Count(Instance(10, [("A", 8), ("B", 2)], (0.5m, "A"), (0.5m, "B")), TallyRules.Default));
        Assert.Equal(["B", "A"], r.Winners);
        Assert.Equal(16m, r.Budget!.ShareUsed);
        Assert.Equal("A (cost 8, 0.5 votes) funded at 16 per voter; each voter's share was 16", r.Rounds[1].Notes[1]);
    }

    [Fact]
    public void A_budget_without_projects_funds_nothing()
    {
        var r = Ok(EqualShares.Count(new BudgetInstance([], [new ChoiceBallot([], 1)], 10), TallyRules.Default));
        Assert.Empty(r.Winners);
        Assert.Equal(0m, r.Budget!.Spent);
    }

    // Budget 8, one voter approving A and B, each costing 8 (a voter of weight 0 approving B changes nothing). First pass: share 8,
    // A and B both at 8, A listed first is funded and nothing is left for B. Add one: the share is raised while share x 1 <= 8, the
    // dearest project: at 9 A is funded again for 8, which fits, so 9 is kept; at 9 the voter alone could pay any project and the
    // raising stops. Were the zero-weight voter taken as the lightest (unit 0), the share would climb to 15.
    [Fact]
    public void Add_one_tries_the_share_at_which_one_voter_can_just_pay_the_dearest_project()
    {
        var r = Ok(EqualShares.Count(Instance(8, [("A", 8), ("B", 8)], (1, "A,B"), (0, "B")), TallyRules.Default));
        Assert.Equal(["A"], r.Winners);
        Assert.Equal(9m, r.Budget!.ShareUsed);
        Assert.Equal(8m, r.Budget.Spent);
        Assert.Equal("A (cost 8, 1 votes) funded at 8 per voter; each voter's share was 9", Assert.Single(r.Rounds).Notes[1]);
    }

    // 13 projects P0..P12 costing 1, budget 3; one voter approves P1 and P2, another P12 (share 1.5 each). Each is funded at 1 per
    // voter in listed order among equals: P1, then P12 (P2's supporter has 0.5 left). Merging the ballots {P1, P2} and {P12} as one
    // approval set (their indices written without a separator both read "12") would fund P1 and P2 instead.
    [Fact]
    public void Approval_sets_whose_indices_run_together_are_kept_apart()
    {
        var projects = Enumerable.Range(0, 13).Select(i => ($"P{i}", 1m)).ToArray();
        var r = Ok(EqualShares.Count(Instance(3, projects, (1, "P1,P2"), (1, "P12")), TallyRules.Default with { Completion = CompletionRule.None }));
        Assert.Equal(["P1", "P12"], r.Winners);
        Assert.Equal([1m, 1m], r.Rounds.Select(x => x.Threshold));
    }
}
