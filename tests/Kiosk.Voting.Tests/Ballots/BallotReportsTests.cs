using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Reports are computed once per ledger state and shared, and never miss the desk's own newest vote.</summary>
public sealed class BallotReportsTests
{
    [Fact]
    public async Task Readers_share_one_computation_per_state_and_see_each_new_vote()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("b1", "yes-no", VotingWorld.YesNo));
        var reports = new BallotReports(world.Home, world.Desk);

        var first = reports.All();
        for (var i = 0; i < 50; i++) Assert.Same(first, reports.All());
        Assert.Same(first[0], reports.Get("b1"));
        Assert.Equal(1, reports.Computations);
        Assert.Empty(first[0].Counted);

        for (var i = 0; i < 3; i++)
        {
            var outcome = await world.Desk.CastWithCodeAsync("b1", codes[i], ["yes"]);
            Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
            Assert.Equal(i + 1, reports.Get("b1")!.Counted.Count);
        }
        Assert.Null(reports.Get("no-such-ballot"));
    }
}
