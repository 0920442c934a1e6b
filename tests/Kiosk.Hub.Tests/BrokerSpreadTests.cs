namespace Kiosk.Hub.Tests;

/// <summary>A hub's connections (one per assembly) start on different nodes of a broker cluster.</summary>
public sealed class BrokerSpreadTests
{
    private static readonly Uri[] Nodes = [new("mqtt://127.0.0.1:1001"), new("mqtt://127.0.0.1:1002"), new("mqtt://127.0.0.1:1003")];

    [Fact]
    public void Each_assembly_starts_on_the_next_node_and_keeps_every_node_to_move_on_to()
    {
        Assert.Equal(Nodes, HubHost.SpreadStart(Nodes, 0)); // the first assembly dials the nodes as given
        Assert.Equal([Nodes[1], Nodes[2], Nodes[0]], HubHost.SpreadStart(Nodes, 1));
        Assert.Equal([Nodes[2], Nodes[0], Nodes[1]], HubHost.SpreadStart(Nodes, 2));
        Assert.Equal(Nodes, HubHost.SpreadStart(Nodes, 3));
        var starts = Enumerable.Range(0, 99).Select(i => HubHost.SpreadStart(Nodes, i)[0]).GroupBy(u => u).Select(g => g.Count());
        Assert.Equal([33, 33, 33], starts);
        Assert.Equal([Nodes[0]], HubHost.SpreadStart([Nodes[0]], 7)); // one broker stays one broker
    }
}
