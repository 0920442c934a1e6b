using System.Diagnostics;
using System.Text.Json;
using Kiosk.Mesh.Tests.Support;
using Xunit.Abstractions;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// Five <c>kiosk run</c> processes in a line, each in a network namespace of its own, where every link loses 20 % of its
/// packets in each direction for real (nftables drops them below TCP: see <see cref="IsolatedNetwork"/>). TCP cannot
/// lose bytes without breaking its stream, so the loss shows as retransmissions, stalls of seconds, keep-alive timeouts
/// and broken connections that are redialled — what a bad radio link does. Votes are cast at every gateway's kiosk
/// meanwhile; every gateway must end with every vote, each counted once.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class PacketLossTests(ITestOutputHelper output)
{
    private const int Gateways = 5;
    private const int VotesPerGateway = 100;
    private const int LossPercent = 20;

    /// <summary>A secret vote with batchSize 1 is two events: the vote in the gateway's ballot box and its receipt.</summary>
    private const int EventsPerVote = 2;

    [Fact]
    public async Task A_thousand_events_cross_a_line_losing_a_fifth_of_its_packets_with_none_lost_and_none_counted_twice()
    {
        var clock = Stopwatch.StartNew();
        await using var network = await IsolatedNetwork.CreateAsync(Gateways);
        await using var lab = await MeshLab.CreateAsync(Gateways);
        lab.Launch = i => GatewayLaunch.In(network, i);
        var codes = await lab.BallotAsync(0, "loss", Gateways * VotesPerGateway);
        for (var i = 0; i + 1 < Gateways; i++) await lab.AddPeerAsync(i, i + 1, lab.Ports[i + 1], network.Address(i + 1));
        await network.LoseAsync(LossPercent, lab.Ports);
        await lab.StartAsync();

        // The ballot and its codes reach the far end through four lossy links (catch-up).
        await lab.ConvergedAsync(DateTimeOffset.UtcNow, deadline: TimeSpan.FromMinutes(3));
        var before = Enumerable.Range(0, Gateways).Select(i => lab.Processes[i]!.Status!.Events).ToArray();
        Assert.Single(before.Distinct());
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: the ballot is everywhere ({before[0]} events)");

        // Every gateway's kiosk takes its share of votes at once; each vote travels live along the line.
        string[] options = ["a", "b", "c"];
        await Task.WhenAll(Enumerable.Range(0, Gateways).Select(async g =>
        {
            for (var k = 0; k < VotesPerGateway; k++) await lab.VoteAsync(g, codes[g * VotesPerGateway + k], options[(g + k) % 3]);
        }));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {Gateways * VotesPerGateway} votes cast");
        await lab.ConvergedAsync(DateTimeOffset.UtcNow, deadline: TimeSpan.FromMinutes(4));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: converged");

        // Nothing lost: every gateway holds exactly the 1,000 new events. Nothing twice: each vote is counted once, and
        // the tallies (and state hashes, computed afresh from each folder) are identical.
        var after = Enumerable.Range(0, Gateways).Select(i => lab.Processes[i]!.Status!.Events).ToArray();
        // A gateway declares its ballot box (one BallotBoxKeyed event) once its start-up check with its peers is over:
        // over a lossy link that may fall after the snapshot above.
        Assert.Single(after.Distinct());
        Assert.All(after, (events, i) => Assert.InRange(events - before[i], Gateways * VotesPerGateway * EventsPerVote, Gateways * VotesPerGateway * EventsPerVote + Gateways));
        var dropped = await network.DroppedAsync();
        Assert.True(dropped > 0, "the loss rules dropped no packet: the test did not test loss");
        var results = await Task.WhenAll(Enumerable.Range(0, Gateways).Select(i => lab.ResultsAsync(i, "loss")));
        Assert.Single(results.Distinct());
        var result = JsonDocument.Parse(results[0]).RootElement[0];
        Assert.Equal(Gateways * VotesPerGateway, result.GetProperty("counted").GetInt32());
        var hashes = await Task.WhenAll(Enumerable.Range(0, Gateways).Select(lab.StateHashAsync));
        Assert.Single(hashes.Distinct());
        var redials = Enumerable.Range(0, Gateways).Sum(i => lab.Processes[i]!.Output.Split('\n').Count(l => l.Contains("is up (", StringComparison.Ordinal))) - 2 * (Gateways - 1);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {dropped} packets dropped; {redials} link(s) re-established after breaking; results identical, {Gateways * VotesPerGateway} counted");
    }
}
