using Kiosk.Voting.Ballots;
namespace Kiosk.Devices;

/// <summary>The device topics of one assembly (docs/device-protocol.md).</summary>
public sealed class DeviceTopics(string assembly)
{
    /// <summary>First level of every topic (protocol version 1).</summary>
    public const string Root = "kiosk/v1/";

    /// <summary>The assembly id, the second level.</summary>
    public string Assembly { get; } = assembly ?? throw new ArgumentNullException(nameof(assembly));

    /// <summary><c>kiosk/v1/{assembly}/ballot/current</c>, retained: what buttons should show.</summary>
    public string CurrentBallot => $"{Root}{Assembly}/ballot/current";

    /// <summary>Where device <paramref name="device"/> publishes its presses.</summary>
    public string Vote(string device) => $"{DevicePrefix(device)}vote";

    /// <summary>Where the gateway answers device <paramref name="device"/>.</summary>
    public string Ack(string device) => $"{DevicePrefix(device)}ack";

    /// <summary>The prefix of every topic of device <paramref name="device"/> (ends with '/').</summary>
    public string DevicePrefix(string device) => $"{Root}{Assembly}/device/{device}/";
}
