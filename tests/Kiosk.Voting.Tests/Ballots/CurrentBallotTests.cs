using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;

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
        var failureLogged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var publisher = new CurrentBallotPublisher(world.Home, world.Desk, Publish, new ErrorSignal(failureLogged), world.Time);
        await publisher.StartAsync();

        await world.PublishAndOpen(VotingWorld.Ballot("roll-1", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        // The first attempt fails and is logged; the publisher waits RetryDelay on its clock and tries again.
        await failureLogged.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(opened.Task.IsCompleted, "nothing is published before the retry");
        world.Time.Advance(CurrentBallotPublisher.RetryDelay);
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, publisher.Failures);
        Assert.Equal("roll-1", publisher.Current?.Ballot);

        // And it keeps following the ledger afterwards.
        await world.Write(world.Facilitator, VotingKinds.BallotClosed, new BallotRefBody("roll-1"));
        await world.PublishAndOpen(VotingWorld.Ballot("roll-0", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        await second.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("roll-0", publisher.Current?.Ballot);
    }

    // Completes when an error is logged: the publisher logs a failure after its retry timer has started.
    private sealed class ErrorSignal(TaskCompletionSource logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error) logged.TrySetResult();
        }
    }
}
