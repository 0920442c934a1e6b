namespace Kiosk.Gateway.Host;

/// <summary>
/// What <c>/health/ready</c> checks: the ledger's writer (its last commit did not fail), the device broker (running when
/// configured), the disk space left in the data folder, and (for information, never failing) the peer links.
/// </summary>
public static class HealthChecks
{
    /// <summary>Below this much free space in the data folder the gateway is not ready: votes must not meet a full disk.</summary>
    public const long MinimumFreeBytes = 100L * 1024 * 1024;

    /// <summary>The checks of a gateway with <paramref name="context"/> and, when the host runs, its <paramref name="services"/>.</summary>
    public static IReadOnlyList<HealthCheck> Ready(GatewayContext context, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timings = context.Ledger.CommitTimings;
        var checks = new List<HealthCheck>
        {
            timings.LastFailed
                ? new HealthCheck("ledger", false, $"the last commit failed ({timings.Failures} failed since start); see the log for the error")
                : new HealthCheck("ledger", true, $"{context.Ledger.Commits} commits, {timings.Failures} failed"),
        };
        if (services?.GetService<DeviceBrokerService>() is { } broker && (context.Options.DeviceBrokerPort is not null || context.Options.PeerPort is not null))
            checks.Add(broker.Running ? new HealthCheck("broker", true, "running") : new HealthCheck("broker", false, "configured but not running"));
        checks.Add(Disk(context.Data.Root.FullName));
        if (services?.GetService<MeshService>()?.Node is { } node)
        {
            var status = node.Status();
            checks.Add(new HealthCheck("peers", true, $"{status.Peers.Count(p => p.Connected)} of {status.Peers.Count} linked; in step with {status.InStepWith} of {status.Gateways} gateways"));
        }
        return checks;
    }

    private static HealthCheck Disk(string path)
    {
        try
        {
            var free = new DriveInfo(path).AvailableFreeSpace;
            var text = $"{free / (1024 * 1024)} MiB free in {path}";
            return free >= MinimumFreeBytes ? new HealthCheck("disk", true, text) : new HealthCheck("disk", false, $"{text}, under the {MinimumFreeBytes / (1024 * 1024)} MiB needed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new HealthCheck("disk", false, $"cannot read the free space of {path}: {e.Message}");
        }
    }
}
