using System.Diagnostics;
using Kiosk.Mesh.Tests.Support;
using Xunit.Abstractions;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// Gateways that nobody configured find each other on the LAN by DNS-SD over multicast DNS: three <c>kiosk run</c>
/// processes, each in a network namespace of its own on one bridged segment (this machine's loopback carries no
/// multicast), none with a peer configured. The two of one assembly link and replicate; the third, of another
/// assembly, is seen and left alone.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class LanDiscoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_gateways_of_one_assembly_find_and_link_each_other_and_leave_a_gateway_of_another_assembly_alone()
    {
        var clock = Stopwatch.StartNew();
        await using var network = await IsolatedNetwork.CreateAsync(3);
        await using var lab = await MeshLab.CreateAsync(2);
        await using var stranger = await MeshLab.CreateAsync(1);
        lab.Launch = i => GatewayLaunch.In(network, i, discovery: true);
        stranger.Launch = _ => GatewayLaunch.In(network, 2, discovery: true);
        await lab.BallotAsync(0, "found", 2); // only on g1: g2 has it once they have linked

        await Task.WhenAll(lab.StartAsync(), stranger.StartAsync());
        await lab.ConvergedAsync(DateTimeOffset.UtcNow);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: g1 and g2 found each other and converged");

        for (var i = 0; i < 2; i++)
        {
            var status = lab.Processes[i]!.Status!;
            var peer = Assert.Single(status.Peers);
            Assert.True(peer.Connected, $"g{i + 1}'s link is down: {peer.LastProblem}");
            Assert.Equal(lab.Processes[1 - i]!.Status!.Node, peer.Key);
        }
        Assert.Contains(lab.Processes.SelectMany(p => p!.Output.Split('\n')), l => l.Contains("discovery found gateway", StringComparison.Ordinal));
        // The stranger answered the same queries all along; nothing dialled it and it dialled nothing.
        Assert.Empty(stranger.Processes[0]!.Status!.Peers);
        Assert.Equal(0, stranger.Processes[0]!.Status!.RefusedConnections);
        Assert.All(lab.Processes, p => Assert.Equal(0, p!.Status!.RefusedConnections));
    }
}
