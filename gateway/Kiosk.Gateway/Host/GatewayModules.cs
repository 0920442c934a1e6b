namespace Kiosk.Gateway.Host;

/// <summary>
/// The one place where other parts of the gateway join the host, as hosted services: the schedule that closes ballots,
/// the device broker (MQTT for the wireless buttons, Kiosk.Mesh) when a port is set, and — when it exists — the wired
/// GPIO buttons (Kiosk.Hardware), which drive the kiosk's controller with <see cref="LiveUpdates.PressButton"/>.
/// </summary>
public static class GatewayModules
{
    /// <summary>Adds the parts that run next to the web surfaces.</summary>
    public static void Add(IServiceCollection services, GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        services.AddHostedService<ScheduledCloser>();
        services.AddSingleton<DeviceBrokerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceBrokerService>());
        // Kiosk.Hardware: register the wired GPIO buttons here (they call context.Live.PressButton).
    }
}
