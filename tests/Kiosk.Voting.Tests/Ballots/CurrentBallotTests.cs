using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>The current ballot that buttons show follows the ledger, and one failure never stops it.</summary>
public sealed class CurrentBallotTests
{
    [Fact]
    public async Task A_failed_publish_is_retried_and_later_changes_still_reach_the_buttons()
    {
        await using var world = await VotingWorld.CreateAsync();
        var published = new List<CurrentBallot>();
        var failNext = true;
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Publish(CurrentBallot current)
        {
            lock (published)
            {
                if (current.Ballot == "roll-1" && failNext)
                {
                    failNext = false;
                    throw new IOException("broker went away");
                }
                published.Add(current);
                if (current.Ballot == "roll-1") opened.TrySetResult();
                if (current.Ballot == "roll-0") second.TrySetResult();
            }
            return Task.CompletedTask;
        }
        await using var publisher = new CurrentBallotPublisher(world.Home, world.Desk, Publish, NullLogger.Instance, world.Time);
        await publisher.StartAsync();

        await world.PublishAndOpen(VotingWorld.Ballot("roll-1", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        // The first attempt fails; the publisher waits RetryDelay on its clock and tries again.
        await AdvanceUntil(world, opened.Task, () => publisher.Failures > 0);
        Assert.Equal(1, publisher.Failures);
        Assert.Equal("roll-1", publisher.Current?.Ballot);

        // And it keeps following the ledger afterwards.
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("roll-1"));
        await world.PublishAndOpen(VotingWorld.Ballot("roll-0", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        await second.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("roll-0", publisher.Current?.Ballot);
    }

    // Advances the fake clock past the retry delay once the failure has happened, until the task completes (deadline 20 s).
    private static async Task AdvanceUntil(VotingWorld world, Task done, Func<bool> failed)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the current ballot was never published after the failure");
            if (failed()) world.Time.Advance(CurrentBallotPublisher.RetryDelay);
            await Task.WhenAny(done, Task.Delay(20));
        }
    }
}
