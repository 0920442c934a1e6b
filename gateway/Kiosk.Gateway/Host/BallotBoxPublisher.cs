namespace Kiosk.Gateway.Host;

/// <summary>
/// Publishes this gateway's queued secret votes into its ballot box on time (docs/secrecy.md): on start it declares the
/// box and finishes any batch a crash cut short; then every <see cref="Interval"/> of the gateway's clock it publishes each
/// ballot whose batch window has passed (a full batch is published by the vote that fills it, a closing ballot by its close).
/// </summary>
public sealed class BallotBoxPublisher(GatewayContext context, ILogger<BallotBoxPublisher> logger) : BackgroundService
{
    /// <summary>How often the batch windows are checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, context.Options.Time);
        try
        {
            if (!await context.Desk.PrepareBallotBoxAsync(stoppingToken))
                logger.LogWarning("the ballot box is not declared yet (is this gateway enrolled?); secret votes wait in the queue");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("could not prepare the ballot box: {Problem}", e.Message);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
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
