using Microsoft.Extensions.Hosting.Systemd;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Pings systemd's watchdog (<c>WatchdogSec=</c> in the unit) at half its interval while the gateway can still write
/// its ledger: a hung or broken gateway stops pinging and systemd restarts it. Does nothing outside systemd.
/// </summary>
internal sealed class SystemdWatchdog(ISystemdNotifier notifier, GatewayContext context, GatewayOptions options, IServiceProvider services, ILogger<SystemdWatchdog> log) : BackgroundService
{
    /// <summary>The variable systemd sets to the watchdog interval in microseconds.</summary>
    public const string IntervalVariable = "WATCHDOG_USEC";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled || !long.TryParse(Environment.GetEnvironmentVariable(IntervalVariable), out var microseconds) || microseconds <= 0) return;
        var every = TimeSpan.FromTicks(microseconds * 10 / 2); // a tick is 0.1 µs; ping twice per interval
        log.LogInformation("systemd watchdog: pinging every {Seconds:0.#} s", every.TotalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var problem = HealthChecks.Ready(context, services).FirstOrDefault(c => !c.Ok);
                if (problem is null) notifier.Notify(new ServiceState("WATCHDOG=1"));
                else log.LogError("systemd watchdog: not pinging, {Check} is not ready: {Detail}", problem.Name, problem.Detail);
                await Task.Delay(every, options.Time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
