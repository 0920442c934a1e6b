namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// How a <see cref="GatewayProcess"/> is started besides its data folder and ports: a command it runs under (such as
/// <c>ip netns exec NS</c>, to put it in a network of its own) and extra arguments of <c>kiosk run</c> (the addresses
/// it serves on there). Discovery on the LAN is off unless asked for: a test's links are the ones it configures.
/// </summary>
public sealed record GatewayLaunch(IReadOnlyList<string> Wrapper, IReadOnlyList<string> Arguments, bool Discovery = false)
{
    /// <summary>On this machine's loopback, as it is.</summary>
    public static readonly GatewayLaunch Plain = new([], []);

    /// <summary>Inside gateway <paramref name="index"/>'s namespace of <paramref name="network"/>, serving kiosk, console and peers on its address there.</summary>
    public static GatewayLaunch In(IsolatedNetwork network, int index, bool discovery = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        var address = network.Address(index);
        return new(network.Wrapper(index), ["--kiosk-address", address, "--console-address", address, "--peer-address", address], discovery);
    }
}
