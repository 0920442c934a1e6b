namespace Kiosk.Gateway.Host;

/// <summary>
/// The one place where other parts of the gateway join the host. The device broker (MQTT, wired buttons; issue 6)
/// registers here as hosted services — e.g. <c>services.AddDeviceBroker(context)</c> — so <c>kiosk demo</c> and
/// <c>kiosk run</c> start it with the web surfaces. A wired-button driver presses the kiosk's controller with
/// <see cref="LiveUpdates.PressButton"/>.
/// </summary>
public static class GatewayModules
{
    /// <summary>Adds the parts that run next to the web surfaces.</summary>
    public static void Add(IServiceCollection services, GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        services.AddHostedService<ScheduledCloser>();
        // Kiosk.Mesh / Kiosk.Hardware: register the device broker and the GPIO controller here.
    }
}
