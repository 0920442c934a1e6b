using System.Text.Json;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Host;

/// <summary>
/// <c>/health</c>, <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>, for systemd, a monitor and Prometheus:
/// on the console's port only, never the kiosk's (a resident's screen has no business with them).
/// </summary>
public static class OperationsEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var surface = new SurfaceMetadata(Surface.Console);
        app.MapGet("/health/live", () => Results.Text("{\"status\":\"live\"}", "application/json")).WithMetadata(surface);
        app.MapGet("/health/ready", Ready).WithMetadata(surface);
        app.MapGet("/health", Ready).WithMetadata(surface);
        app.MapGet("/metrics", (GatewayContext context, IServiceProvider services) =>
            Results.Text(Metrics(context, services), PrometheusText.ContentType)).WithMetadata(surface);
    }

    private static IResult Ready(GatewayContext context, IServiceProvider services)
    {
        var checks = HealthChecks.Ready(context, services);
        var ready = checks.All(c => c.Ok);
        var body = JsonSerializer.Serialize(new HealthAnswer(ready ? "ready" : "not ready", checks), GatewayJson.Compact.HealthAnswer);
        return Results.Text(body, "application/json", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The gateway's metrics in the Prometheus text format.</summary>
    public static string Metrics(GatewayContext context, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var text = new PrometheusText();
        var gateway = services.GetRequiredService<GatewayMetrics>();
        text.Family("kiosk_votes_total", "counter", "Votes decided at this gateway, by channel (code or device) and outcome (accepted or the refusal's reason).");
        foreach (var ((channel, outcome), n) in gateway.Votes.OrderBy(v => v.Key.Channel, StringComparer.Ordinal).ThenBy(v => v.Key.Outcome, StringComparer.Ordinal))
            text.Sample("kiosk_votes_total", n, ("channel", channel), ("outcome", outcome));
        text.Family("kiosk_login_failures_total", "counter", "Failed console logins, by reason.");
        foreach (var (reason, n) in gateway.LoginFailures.OrderBy(f => f.Key, StringComparer.Ordinal))
            text.Sample("kiosk_login_failures_total", n, ("reason", reason));
        var ledger = context.Ledger;
        text.Family("kiosk_ledger_commits_total", "counter", "Ledger transactions committed since start (group commit shares them among writes).")
            .Sample("kiosk_ledger_commits_total", ledger.Commits);
        text.Family("kiosk_ledger_commit_failures_total", "counter", "Ledger commits that failed and rolled back.")
            .Sample("kiosk_ledger_commit_failures_total", ledger.CommitTimings.Failures);
        text.Histogram("kiosk_ledger_commit_seconds", "Time of each ledger commit, which is its disk sync (fsync).",
            CommitTimings.Bounds, ledger.CommitTimings.Counts, ledger.CommitTimings.Sum.TotalSeconds);
        var devices = services.GetService<DeviceBrokerService>()?.Metrics;
        text.Family("kiosk_device_connections_total", "counter", "Connections to the device broker, by outcome.")
            .Sample("kiosk_device_connections_total", devices?.AcceptedConnections ?? 0, ("outcome", "accepted"))
            .Sample("kiosk_device_connections_total", devices?.RefusedConnections ?? 0, ("outcome", "refused"));
        text.Family("kiosk_device_refusals_total", "counter", "Device messages refused by the broker, by kind.")
            .Sample("kiosk_device_refusals_total", devices?.RefusedPublishes ?? 0, ("kind", "publish"))
            .Sample("kiosk_device_refusals_total", devices?.RefusedSubscriptions ?? 0, ("kind", "subscription"));
        text.Family("kiosk_device_presses_refused_total", "counter", "Button presses refused, by reason.");
        foreach (var (reason, n) in (devices?.RefusedPresses ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Sample("kiosk_device_presses_refused_total", n, ("reason", GatewayMetrics.Label(reason)));
        if (services.GetService<MeshService>()?.Node is { } node)
        {
            var status = node.Status();
            text.Family("kiosk_peer_links", "gauge", "Peer links up now.").Sample("kiosk_peer_links", status.Peers.Count(p => p.Connected));
            text.Family("kiosk_peer_connections_refused_total", "counter", "Peer connections refused.").Sample("kiosk_peer_connections_refused_total", status.RefusedConnections);
        }
        text.Family("kiosk_process_resident_bytes", "gauge", "Resident memory of the gateway process.")
            .Sample("kiosk_process_resident_bytes", Environment.WorkingSet);
        return text.ToString();
    }
}
