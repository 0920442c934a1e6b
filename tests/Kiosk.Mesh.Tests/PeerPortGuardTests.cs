using Kiosk.Devices.Guard;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// The peer port's TLS handshake is inside the listener guard: a client that opens TCP and never starts TLS, or stalls in
/// the middle of its ClientHello, is counted as a handshake, held only until the CONNECT deadline, and counts against the
/// caps per address and on handshakes, while a real peer's link stays up and keeps syncing. Hostile hosts are 127.0.0.2
/// to 127.0.0.4; the peers dial from 127.0.0.1. The deadline runs on a fake clock.
/// </summary>
public sealed class PeerPortGuardTests
{
    // A safety net for the waits (a TLS link coming up, sockets closed): generous, as a busy CI machine needs.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // The first 11 bytes of a TLS 1.2 ClientHello record: a record header promising 512 bytes and the start of the
    // handshake message. The server's TLS reads it and waits for the rest, which never comes.
    private static readonly byte[] StalledClientHello = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03];

    [Fact]
    public async Task Silent_and_stalled_tls_clients_are_capped_and_closed_at_the_deadline_while_a_peer_syncs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await MeshCluster.CreateAsync(2);
        cluster.Limits = new ConnectionLimits { ConnectDeadline = TimeSpan.FromSeconds(5), MaxPerAddress = 2, MaxHandshakes = 3 };
        cluster.BrokerTime = time;
        await cluster.StartAsync((1, 0)); // g2 dials g1: its link is one connection on g1's peer port
        var g1 = cluster[0];
        var guard = g1.Broker.Connections;
        await Poll.UntilAsync(() => g1.Node.Status().Peers.Any(p => p.Connected) && guard.Open == 1 && guard.Handshaking == 0,
            () => $"the peer's link is up on g1 ({guard.Describe()})\n{cluster.Log}", Patience);

        using var silent = await RawTcp.ConnectFromAsync("127.0.0.2", g1.PeerPort);
        using var silentToo = await RawTcp.ConnectFromAsync("127.0.0.2", g1.PeerPort);
        await Poll.UntilAsync(() => guard.Handshaking == 2, () => $"two silent TCP connections wait in the guard ({guard.Describe()})", Patience);
        Assert.True(await RawTcp.RefusedAsync("127.0.0.2", g1.PeerPort, Patience), "a third from 127.0.0.2 is over its share and closed at once");
        Assert.Equal(1, guard.RefusedPerAddress);

        using var stalled = await RawTcp.ConnectFromAsync("127.0.0.3", g1.PeerPort);
        await stalled.GetStream().WriteAsync(StalledClientHello);
        await Poll.UntilAsync(() => guard.Handshaking == 3, () => $"the stalled ClientHello waits in the guard ({guard.Describe()})", Patience);
        Assert.True(await RawTcp.RefusedAsync("127.0.0.4", g1.PeerPort, Patience), "a fourth handshake is over the cap and closed at once");
        Assert.Equal(1, guard.RefusedHandshakes);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await RawTcp.ClosedWithinAsync(stalled, TimeSpan.FromMilliseconds(300)), "still open before the deadline");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await RawTcp.ClosedWithinAsync(silent, Patience), "the silent connection is closed at the deadline");
        Assert.True(await RawTcp.ClosedWithinAsync(silentToo, Patience), "the second silent connection is closed at the deadline");
        Assert.True(await RawTcp.ClosedWithinAsync(stalled, Patience), "the stalled ClientHello is closed at the deadline");
        await Poll.UntilAsync(() => guard.Open == 1 && guard.Handshaking == 0, () => $"only the peer's link is held ({guard.Describe()})", Patience);
        Assert.Equal(3, guard.ClosedSilent);

        // The peer's link was never touched: what either side writes now travels live.
        Assert.True(g1.Node.Status().Peers.Single().Connected, "the peer's link stays up");
        await cluster[1].Write(cluster.Founder, VotingKinds.NoticePosted, Notice("after"));
        await g1.Write(cluster.Facilitator, VotingKinds.NoticePosted, Notice("after-too"));
        await cluster.ConvergedAsync(Patience);
    }

    private static NoticePostedBody Notice(string id) => new(id, new() { ["en"] = $"Notice {id}" }, new() { ["en"] = "Text" });
}
