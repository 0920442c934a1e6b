namespace Kiosk.Gateway.Host;

/// <summary>
/// Closes ballots on time at this gateway: every <see cref="Interval"/> it asks the voting desk to write this gateway's
/// CloseSeen for each open ballot whose scheduled close has passed by this gateway's clock (or that a facilitator
/// closed), so the board and the console move to "provisional" even when no one votes after the close.
/// </summary>
public sealed class ScheduledCloser(GatewayContext context, ILogger<ScheduledCloser> logger) : BackgroundService
{
    /// <summary>How often the schedule is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
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
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
