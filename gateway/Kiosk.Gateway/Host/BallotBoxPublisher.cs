using System.Threading.Channels;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Declares this gateway's ballot box and publishes its queued secret votes into it on time (docs/secrecy.md). It
/// declares the box (and finishes any batch a crash cut short) as soon as the gateway may write: at start, or — when its
/// feeds are held — once its start-up check with its peers is over (docs/mesh.md, "Rollback"; a hold ended, no commit)
/// or its rolled-back feeds are back (a commit). So it wakes at each commit and each ended hold until the box is
/// declared, rather than waiting for the first secret vote. Every <see cref="Interval"/> of the gateway's clock it
/// publishes each ballot whose batch window has passed (a full batch is published by the vote that fills it, a closing
/// ballot by its close).
/// </summary>
public sealed class BallotBoxPublisher(GatewayContext context, ILogger<BallotBoxPublisher> logger) : BackgroundService
{
    /// <summary>How often the batch windows are checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    // One pending wake-up is enough: a try sees every change committed before it.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(DeclareAsync(stoppingToken), PublishDueAsync(stoppingToken));

    private async Task DeclareAsync(CancellationToken stoppingToken)
    {
        // Listening first, then looking: a change between the two still wakes the loop.
        context.Ledger.Committed += OnCommitted;
        context.Ledger.FeedReleased += OnFeedReleased;
        try
        {
            string? waitingFor = null;
            while (true)
            {
                if (context.Desk.WhyNoBallotBox() is { } why)
                {
                    if (why != waitingFor) logger.LogInformation("the ballot box is not declared yet ({Why}); secret votes wait in the queue", why);
                    waitingFor = why;
                }
                else if (await TryPrepareAsync(stoppingToken))
                {
                    if (waitingFor is not null) logger.LogInformation("the ballot box is declared; queued secret votes are published in their batches");
                    return;
                }
                await _changed.Reader.ReadAsync(stoppingToken);
            }
        }
        finally
        {
            context.Ledger.Committed -= OnCommitted;
            context.Ledger.FeedReleased -= OnFeedReleased;
        }
    }

    private async Task<bool> TryPrepareAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await context.Desk.PrepareBallotBoxAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tried again at the next change or tick.
            logger.LogWarning("could not prepare the ballot box: {Problem}", e.Message);
            return false;
        }
    }

    // On the ledger's committer thread, or the thread that ended a hold: only signal.
    private void OnCommitted(object? sender, LedgerCommittedEventArgs e) => _changed.Writer.TryWrite(true);

    private void OnFeedReleased(object? sender, FeedReleasedEventArgs e) => _changed.Writer.TryWrite(true);

    private async Task PublishDueAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, context.Options.Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // A declaration that failed for a passing reason (a full disk) is tried again now, even with no commit.
            _changed.Writer.TryWrite(true);
            try
            {
                await context.Desk.PublishDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never a vote's content: only that a batch waits for the next tick.
                logger.LogWarning("could not publish a batch of the ballot box (it stays queued): {Problem}", e.Message);
            }
        }
    }
}
