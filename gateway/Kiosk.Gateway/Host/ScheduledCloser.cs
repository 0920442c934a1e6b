using System.Threading.Channels;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Closes ballots at this gateway: it asks the voting desk to write this gateway's CloseSeen for each open ballot that a
/// facilitator closed or whose scheduled close has passed by this gateway's clock, so the board and the console move to
/// "provisional" (and, once every gateway has, "final") even when no one votes after the close. It checks as soon as a
/// <c>BallotClosed</c> commits here (written here, relayed by a peer, or by the command line into this folder), so a
/// close crosses the mesh without waiting for a timer at every hop; while this gateway's own feed is being recovered
/// (it may not write), at every commit; when a hold of its feeds ends (the start-up check with its peers, a recovery),
/// since a close that fell due meanwhile is then writable and no commit need mark that moment; and every
/// <see cref="GatewayOptions.CloseCheckInterval"/> for scheduled closes.
/// </summary>
public sealed class ScheduledCloser(GatewayContext context, ILogger<ScheduledCloser> logger) : BackgroundService
{
    // One pending wake-up is enough: a check covers every close committed before it.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private long _checks;

    /// <summary>How many checks have run since start (a figure for tests: a check covers every close due before it began).</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time paces the checks (a fake gateway clock in tests would otherwise never tick them); the desk compares
        // the gateway's own clock with each ballot's close.
        var interval = context.Options.CloseCheckInterval;
        using var timer = TimeProvider.System.CreateTimer(_ => _wake.Writer.TryWrite(true), null, interval, interval);
        context.Ledger.Committed += OnCommitted;
        context.Ledger.FeedReleased += OnFeedReleased;
        try
        {
            do
            {
                await CloseDueAsync(stoppingToken);
                Interlocked.Increment(ref _checks);
            }
            while (await _wake.Reader.WaitToReadAsync(stoppingToken) && _wake.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            context.Ledger.Committed -= OnCommitted;
            context.Ledger.FeedReleased -= OnFeedReleased;
        }
    }

    // Set while this gateway may not write (its own feed rolled back): any commit may be the one that brings it back.
    private volatile bool _held;

    private void OnCommitted(object? sender, LedgerCommittedEventArgs e)
    {
        // On the ledger's committer thread: only signal.
        if (_held) _wake.Writer.TryWrite(true);
        foreach (var committed in e.Events)
        {
            if (committed.Kind != VotingKinds.BallotClosed) continue;
            _wake.Writer.TryWrite(true);
            return;
        }
    }

    private void OnFeedReleased(object? sender, FeedReleasedEventArgs e) => _wake.Writer.TryWrite(true);

    private async Task CloseDueAsync(CancellationToken stoppingToken)
    {
        _held = context.Desk.WhyHeld() is not null;
        var opened = context.Desk.Read((p, _) => p.Ballots.Keys.Where(p.IsOpened).ToList());
        foreach (var ballot in opened)
        {
            try
            {
                await context.Desk.CloseIfDueAsync(ballot, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("could not record the close of ballot {Ballot}: {Problem}", ballot, e.Message);
            }
        }
    }
}
