using Kiosk.Ledger;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// "In step with N of M gateways" over real links in one process: gateways that never meet learn each other's state
/// through the statements their peers relay, and a gateway nothing was heard of is never counted.
/// </summary>
public sealed class InStepTests
{
    [Fact]
    public async Task Both_ends_of_a_line_of_five_know_every_gateway_holds_their_state_and_none_counts_a_silent_one()
    {
        using var silent = AuthorKeyPair.Generate(); // enrolled, never runs
        await using var cluster = await MeshCluster.CreateAsync(5, silent);
        await cluster.StartAsync((0, 1), (1, 2), (2, 3), (3, 4));
        await cluster[4].Write(cluster.Facilitator, VotingKinds.NoticePosted, new NoticePostedBody("far", new() { ["en"] = "From the far end" }, new() { ["en"] = "Text" }));
        await cluster.ConvergedAsync();

        string Describe() => string.Join("\n", cluster.Gateways.Select(g => g.Node.Status()).Select(s =>
            $"{s.Node.ShortHex}: {s.InStepWith} of {s.Gateways}: {string.Join(", ", s.Members.Select(m => $"{m.Name} {(m.InStep ? "in step" : "not")} held {m.Held}"))}"));
        await Poll.UntilAsync(() => cluster.Gateways.All(g => g.Node.Status().InStepWith == 5), Describe);

        var end = cluster[0].Node.Status();
        Assert.Equal(6, end.Gateways);
        Assert.Single(end.Peers, p => p.Connected);                  // one direct peer …
        Assert.Equal(5, end.Members.Count(m => m.InStep));         // … and five gateways known in step, itself included
        var far = end.Members.Single(m => m.Key == cluster[4].Key.PublicKey);
        Assert.False(far.Linked);
        Assert.Equal(end.StateHash, far.StateHash);
        Assert.Equal(cluster[4].Ledger.Vector.TotalEvents, far.Held);
        var never = end.Members.Single(m => m.Key == silent.PublicKey);
        Assert.False(never.InStep);
        Assert.Null(never.StateHash);
        Assert.Single(end.Members, m => m.IsSelf);
    }
}
