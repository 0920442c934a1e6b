using System.Globalization;
using System.Text;

namespace Kiosk.Hub;

/// <summary>
/// The hub's <c>/metrics</c> page in the Prometheus text format (version 0.0.4): per assembly, the events held, the
/// gateways and hubs enrolled, those linked now and those in step, the lag (events linked peers hold that the hub does
/// not yet), and refusals. Pure: statuses in, text out.
/// </summary>
public static class HubMetrics
{
    /// <summary>The text of <c>/metrics</c> for <paramref name="assemblies"/>.</summary>
    public static string Format(IReadOnlyList<HubAssemblyStatus> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var text = new StringBuilder();
        void Family(string name, string type, string help, Func<HubAssemblyStatus, long> value)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            foreach (var a in assemblies) text.Append(CultureInfo.InvariantCulture, $"{name}{{assembly=\"{a.Assembly}\"}} {value(a)}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"# HELP kiosk_hub_assemblies Assemblies this hub serves.\n# TYPE kiosk_hub_assemblies gauge\nkiosk_hub_assemblies {assemblies.Count}\n");
        Family("kiosk_hub_events", "gauge", "Events the hub holds of the assembly.", a => a.Mesh.Events);
        Family("kiosk_hub_gateways_enrolled", "gauge", "Active gateways and hubs enrolled in the assembly (besides this hub).", a => a.Mesh.Gateways);
        Family("kiosk_hub_gateways_connected", "gauge", "Gateways and hubs linked with this hub now.", a => a.Mesh.Peers.Count(p => p.Connected));
        Family("kiosk_hub_gateways_in_step", "gauge", "Linked gateways and hubs whose state hash equals the hub's.", a => a.Mesh.InStepWith);
        Family("kiosk_hub_lag_events", "gauge", "Events the linked peers hold that the hub does not yet (catch-up still to do).", a => a.Mesh.Peers.Where(p => p.Connected).Sum(p => p.EventsAhead));
        Family("kiosk_hub_refusals_total", "counter", "Messages and events refused from peers of the assembly.", a => a.Mesh.Peers.Sum(p => p.Metrics.Refusals));
        return text.ToString();
    }
}
