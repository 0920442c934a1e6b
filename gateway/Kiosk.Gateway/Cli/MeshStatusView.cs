using System.Globalization;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// What <c>kiosk status</c> and <c>kiosk peer list</c> show of the mesh, from the running gateway's
/// <c>mesh/status.json</c>: "in step with N of M gateways", each active gateway, each peer's link.
/// </summary>
public static class MeshStatusView
{
    /// <summary>A status file older than this is from a gateway that has probably stopped (it is rewritten every second).</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(10);

    /// <summary>The summary line: when it was seen, N of M, the listener.</summary>
    public static string Summary(MeshStatusFile status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var age = now - status.Written;
        var when = age > Stale ? $"last reported at {When(status.Written)} (the gateway may have stopped)" : $"as seen by the running gateway at {When(status.Written)}";
        var listening = status.Listening is { } l ? $"; peers connect to {Markup.Escape(l)}" : "";
        return $"[bold]Mesh[/] ({when}): in step with [bold]{status.InStepWith} of {status.Gateways}[/] gateways; state {status.StateHash[..12]}…, {status.Events} events{listening}";
    }

    /// <summary>Each active gateway: in step or not, its state as last heard.</summary>
    public static Table Gateways(MeshStatusFile status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var table = new Table().AddColumns("gateway", "in step", "state heard", "events held", "");
        foreach (var m in status.Members)
            table.AddRow(Markup.Escape(m.Name), m.InStep ? "[green]yes[/]" : "[yellow]no[/]", m.StateHash is { } s ? s[..12] + "…" : "[grey]nothing heard yet[/]",
                m.Self ? status.Events.ToString(CultureInfo.InvariantCulture) : N(m.Held), m.Self ? "this gateway" : m.Linked ? "direct peer" : "");
        return table;
    }

    /// <summary>Each peer the running gateway knows: link, last contact, events behind and ahead, bytes both ways, refusals, last problem.</summary>
    public static Table Peers(MeshStatusFile status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var table = new Table().AddColumns("peer", "address", "link", "last contact", "behind", "ahead", "sent", "received", "refused", "problem");
        foreach (var p in status.Peers)
            table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Url ?? "(dials in)"), Link(p), When(p.LastContact), N(p.EventsBehind), N(p.EventsAhead),
                Numbers.Bytes(p.BytesSent), Numbers.Bytes(p.BytesReceived), N(p.Refusals), Markup.Escape(p.LastProblem ?? ""));
        return table;
    }

    /// <summary>A peer's link in a few words.</summary>
    public static string Link(MeshStatusFile.Peer? peer) => peer is null ? "" : peer.Connected ? $"[green]up[/] ({peer.Direction})" : "[grey]down[/]";

    /// <summary>A time as the tables show it (UTC).</summary>
    public static string When(DateTimeOffset? time) => time?.ToString("u", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A count, or nothing.</summary>
    public static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
