namespace Kiosk.Gateway.Host;

/// <summary>
/// The one place where other parts of the gateway join the host, as hosted services: the schedule that closes ballots,
/// the ballot box's batch timer, the device broker (MQTT for the wireless buttons, Kiosk.Devices) when a port is set, the
/// mesh (Kiosk.Mesh, peers on the broker's TLS listener) when a peer port is set, and the wired GPIO buttons
/// (Kiosk.Hardware, <see cref="WiredStationService"/>) when <see cref="GatewayOptions.Wired"/> is set: they vote in
/// roll-call ballots as the station's device, or drive the kiosk's controller with <see cref="LiveUpdates.PressButton"/>;
/// and the headphone jack's watch (<see cref="Kiosk.Gateway.Audio.HeadphoneWatch"/>) when the audio ballot has a jack.
/// </summary>
public static class GatewayModules
{
    /// <summary>Adds the parts that run next to the web surfaces.</summary>
    public static void Add(IServiceCollection services, GatewayContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        services.AddHostedService<ScheduledCloser>();
        services.AddHostedService<BallotBoxPublisher>();
        services.AddSingleton<MeshService>();
        services.AddSingleton<DeviceBrokerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceBrokerService>());
        services.AddHostedService(sp => sp.GetRequiredService<MeshService>()); // after the broker: its listener is up

        services.AddSingleton<Kiosk.Gateway.Audio.HeadphoneWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<Kiosk.Gateway.Audio.HeadphoneWatch>());

        services.AddSingleton<WiredStationService>();
        services.AddHostedService(sp => sp.GetRequiredService<WiredStationService>());
    }
}
