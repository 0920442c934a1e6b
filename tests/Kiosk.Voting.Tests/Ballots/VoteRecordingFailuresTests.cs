using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Votes that cannot be recorded (a full disk, a second vote racing the first) are refused with their real reason and change nothing.</summary>
public sealed class VoteRecordingFailuresTests
{
    [Fact]
    public async Task A_vote_on_a_full_disk_is_refused_as_not_recorded_and_counts_once_it_is_retried_with_space()
    {
        using var disk = new SmallDisk();
        await using var world = await VotingWorld.CreateAsync(directory: disk.Path);
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, secret: false));

        disk.Fill();
        var full = await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"]);
        Assert.False(full.IsAccepted);
        Assert.Equal(VoteRefusalReason.NotRecorded, full.Refusal!.Reason);
        Assert.Contains("nothing was recorded", full.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(world.Desk.Report("lift")!.Counted);

        disk.Free();
        var retried = await world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"]);
        Assert.True(retried.IsAccepted, retried.Refusal?.Message);
        Assert.Single(world.Desk.Report("lift")!.Counted);
    }

    [Fact]
    public async Task A_second_vote_racing_the_first_on_a_last_counts_ballot_is_told_to_retry_not_that_the_first_counts()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, BallotDefinition.LastCounts, secret: false));

        // The first is still committing (its append has not returned) when the second arrives.
        var first = world.Desk.CastWithCodeAsync("lift", codes[0], ["yes"]);
        var second = await world.Desk.CastWithCodeAsync("lift", codes[0], ["no"]);
        Assert.True((await first).IsAccepted);

        Assert.False(second.IsAccepted);
        Assert.Equal(VoteRefusalReason.VoteInProgress, second.Refusal!.Reason);
        Assert.DoesNotContain("first vote counts", second.Refusal.Message, StringComparison.Ordinal);
        var again = await world.Desk.CastWithCodeAsync("lift", codes[0], ["no"]);
        Assert.True(again.IsAccepted);
        Assert.Equal(["no"], Assert.Single(world.Desk.Report("lift")!.Counted).Body.Choice);
    }
}
