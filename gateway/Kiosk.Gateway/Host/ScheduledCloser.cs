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
/// (it may not write), at every commit; and every <see cref="Interval"/> for scheduled closes.
/// </summary>
public sealed class ScheduledCloser(GatewayContext context, ILogger<ScheduledCloser> logger) : BackgroundService
{
    /// <summary>How often the schedule is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    // One pending wake-up is enough: a check covers every close committed before it.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time paces the checks (as before); the desk compares the gateway's own clock with each ballot's close.
        using var timer = TimeProvider.System.CreateTimer(_ => _wake.Writer.TryWrite(true), null, Interval, Interval);
        context.Ledger.Committed += OnCommitted;
        try
        {
            do
            {
                await CloseDueAsync(stoppingToken);
            }
            while (await _wake.Reader.WaitToReadAsync(stoppingToken) && _wake.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            context.Ledger.Committed -= OnCommitted;
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
