using System.Text.Json;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// Five <c>kiosk run</c> processes, each with its own data folder made from one assembly, linked over real TLS on
/// 127.0.0.1 through relays: ballots made on g1 reach every gateway, votes cast at every gateway's kiosk count in one
/// tally, and every gateway ends with the same state hash and byte-identical results, on a line, a star and a full
/// mesh, and after a partition heals (a ballot closed on one side during it is final on all five after the heal).
/// </summary>
public sealed class ProcessReplicationTests(FiveGateways five) : IClassFixture<FiveGateways>
{
    private MeshLab Lab => five.Lab;

    public static TheoryData<string> Topologies => ["line", "star", "mesh"];

    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task Votes_cast_at_every_gateway_count_in_one_tally_everywhere(string topology)
    {
        five.Topology(topology switch
        {
            "line" => FiveGateways.Line(0, 1, 2, 3, 4),
            "star" => FiveGateways.Star(0),
            _ => FiveGateways.FullMesh(),
        });
        // g1's ballots reach the far end (catch-up); then each gateway's kiosk takes a vote (live forwarding).
        await Lab.ConvergedAsync(DateTimeOffset.UtcNow);
        var codes = five.Codes[topology];
        for (var i = 0; i < FiveGateways.Count; i++) await Lab.VoteAsync(i, codes[i], i % 2 == 0 ? "a" : "b");

        await Lab.AgreedResultsAsync(topology, FiveGateways.Count);
        await Lab.ConvergedAsync(DateTimeOffset.UtcNow);
        var hashes = await Task.WhenAll(Enumerable.Range(0, FiveGateways.Count).Select(Lab.StateHashAsync));
        Assert.Single(hashes.Distinct());
    }

    [Fact]
    public async Task A_partition_heals_into_one_final_result_with_the_same_conflict_reported_everywhere()
    {
        // Every gateway first learns the ballot and its codes (made on g1; this test may run before any other heals a
        // link); then {g1, g2} and {g3, g4, g5} cannot reach each other; one voter code is used on both sides.
        five.Topology(FiveGateways.Line(0, 1, 2, 3, 4));
        await Lab.ConvergedAsync(DateTimeOffset.UtcNow);
        five.Topology([(0, 1), (2, 3), (3, 4)]);
        await Lab.ConvergedAsync(DateTimeOffset.UtcNow, [0, 1]);
        await Lab.ConvergedAsync(DateTimeOffset.UtcNow, [2, 3, 4]);
        var codes = five.Codes["split"];
        await Lab.VoteAsync(0, codes[0], "a");
        await Lab.VoteAsync(1, codes[1], "a");
        await Lab.VoteAsync(2, codes[0], "b"); // the same code, on the other side
        await Lab.VoteAsync(3, codes[2], "c");
        await Lab.VoteAsync(4, codes[3], "b");
        await Lab.AgreedResultsAsync("split", 2, [0, 1]);
        await Lab.AgreedResultsAsync("split", 3, [2, 3, 4]);
        Assert.NotEqual(await Lab.StateHashAsync(0), await Lab.StateHashAsync(2));

        // A facilitator closes the ballot at g3 during the partition, with the command line into its running gateway's
        // folder: g3 sees it, and the close crosses its side; each gateway there writes CloseSeen. The other side goes on.
        await KioskCliRun.Ok(Lab.Data(2), "ballot", "close", "split");
        var closedSide = await Lab.AgreedStatusAsync("split", "provisional", [2, 3, 4]);
        Assert.Equal(["g1", "g2"], closedSide.GetProperty("awaitingCloseSeen").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("open", (await Lab.AgreedStatusAsync("split", "open", [0, 1])).GetProperty("status").GetString());

        five.Topology(FiveGateways.Line(0, 1, 2, 3, 4));
        // After the heal g1 and g2 learn of the close and write CloseSeen: final on all five, byte-identical, one conflict.
        var result = await Lab.AgreedStatusAsync("split", "final");
        Assert.Equal(4, result.GetProperty("counted").GetInt32()); // one code, one vote: the revote rule picks one of the two
        Assert.Empty(result.GetProperty("awaitingCloseSeen").EnumerateArray());
        var conflict = Assert.Single(result.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(["g1", "g3"], conflict.GetProperty("gateways").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal));
        await Lab.ConvergedAsync(DateTimeOffset.UtcNow);
        Assert.Single((await Task.WhenAll(Enumerable.Range(0, FiveGateways.Count).Select(Lab.StateHashAsync))).Distinct());
    }
}
