using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kiosk.Button.Simulator;
using Kiosk.Devices.Guard;
using Kiosk.Devices.Tests.Support;
using Kiosk.Mesh.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Kiosk.Devices.Tests;

/// <summary>
/// The broker's listener guard: a CONNECT deadline after the TCP accept, caps per source address, on handshakes in
/// progress and in total. Hostile hosts are simulated from 127.0.0.2 and 127.0.0.3; buttons stay on 127.0.0.1.
/// </summary>
[Collection(RunsAlone.Name)] // the flood test bounds what it adds to this process's working set
public sealed class ConnectionGuardTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A CONNECT deadline the silent connections of the cap tests never reach: with the default 5 s, a busy machine took
    /// longer than that to open them all, and the first were closed (as silent) before the count was read.
    /// </summary>
    private static readonly TimeSpan NoDeadline = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_connection_that_sends_no_connect_is_closed_at_the_deadline()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await DeviceWorld.CreateAsync(new ConnectionLimits { ConnectDeadline = TimeSpan.FromSeconds(5) }, time);
        using var silent = await RawTcp.ConnectFromAsync("127.0.0.2", world.Port);
        await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Handshaking == 1, () => "the guard holds the silent connection", Patience);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await RawTcp.ClosedWithinAsync(silent, TimeSpan.FromMilliseconds(300)), "still open before the deadline");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await RawTcp.ClosedWithinAsync(silent, Patience), "closed by the server at the deadline");
        await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Open == 0, () => "nothing held after the close", Patience);
        Assert.Equal(1, world.Gateway.Broker.Connections.ClosedSilent);
    }

    [Fact]
    public async Task One_address_holds_at_most_its_share_and_the_gateways_own_address_is_not_limited()
    {
        await using var world = await DeviceWorld.CreateAsync(new ConnectionLimits { MaxPerAddress = 3, ConnectDeadline = NoDeadline });
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++) held.Add(await RawTcp.ConnectFromAsync("127.0.0.2", world.Port));
            await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Open == 3, () => "three connections from 127.0.0.2 held", Patience);
            Assert.True(await RawTcp.RefusedAsync("127.0.0.2", world.Port, Patience), "the fourth from 127.0.0.2 is closed at once");
            Assert.Equal(1, world.Gateway.Broker.Connections.RefusedPerAddress);

            using var other = await RawTcp.ConnectFromAsync("127.0.0.3", world.Port);
            for (var i = 0; i < 5; i++) held.Add(await RawTcp.ConnectFromAsync("127.0.0.1", world.Port));
            await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Open == 9, () => "another host and the gateway's own address are served", Patience);
            Assert.Equal(1, world.Gateway.Broker.Connections.RefusedPerAddress);
        }
        finally
        {
            foreach (var c in held) c.Dispose();
        }
    }

    [Fact]
    public async Task Handshakes_in_progress_and_total_connections_are_capped()
    {
        await using var world = await DeviceWorld.CreateAsync(new ConnectionLimits { MaxHandshakes = 2, MaxConnections = 3, ConnectDeadline = NoDeadline });
        var config = await world.EnrolAsync("capped");
        using var a = await RawTcp.ConnectFromAsync("127.0.0.2", world.Port);
        using var b = await RawTcp.ConnectFromAsync("127.0.0.3", world.Port);
        await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Handshaking == 2, () => "two silent handshakes held", Patience);
        Assert.True(await RawTcp.RefusedAsync("127.0.0.4", world.Port, Patience), "a third handshake is refused");
        Assert.Equal(1, world.Gateway.Broker.Connections.RefusedHandshakes);

        a.Dispose(); // one handshake slot frees: a real device connects in it and stays
        await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Open == 1, () => "the closed one is released", Patience);
        await using var device = new RawDevice();
        var connected = await device.ConnectAsync(world.Port, config.DeviceId, config.Secret, config.DeviceId);
        Assert.Equal(MQTTnet.MqttClientConnectResultCode.Success, connected?.ResultCode);
        using var d = await RawTcp.ConnectFromAsync("127.0.0.5", world.Port);
        await Poll.UntilAsync(() => world.Gateway.Broker.Connections.Open == 3, () => "three connections open", Patience);
        Assert.True(await RawTcp.RefusedAsync("127.0.0.6", world.Port, Patience), "a fourth connection is over the total");
        Assert.Equal(1, world.Gateway.Broker.Connections.RefusedTotal);
        Assert.True(device.Client.IsConnected, "the device stays connected");
    }

    /// <summary>
    /// The issue's scenario: 10,000 hostile connections (half silent, half with a wrong password) from another process on
    /// 127.0.0.2 and 127.0.0.3 while 50 simulated buttons on 127.0.0.1 connect and vote. Asserted: every button's vote
    /// is acked and counted once, every hostile connection was closed by the server, no silent one outlived the
    /// deadline by more than a scheduling margin, and the flood added under 150 MB to this process (which is the test host
    /// as well as the gateway). The press-to-ack p99 is measured
    /// and printed (docs/benchmarks.md), not asserted: on this shared 2-core machine it depends on the load.
    /// </summary>
    [Fact]
    public async Task Ten_thousand_hostile_connections_do_not_stop_fifty_buttons_from_voting()
    {
        var deadline = TimeSpan.FromSeconds(3);
        await using var world = await DeviceWorld.CreateAsync(new ConnectionLimits { ConnectDeadline = deadline });
        await world.OpenRollCallAsync("flood");
        var configs = await world.EnrolAsync(Enumerable.Range(0, 50).Select(i => $"steady-{i}"));
        var peak = new PeakMemory();
        var before = Environment.WorkingSet;

        using var flood = new CliProcess("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "Flood", "flood.py"),
            "127.0.0.1", world.Port.ToString(CultureInfo.InvariantCulture), "10000", "90", "127.0.0.2", "127.0.0.3");
        await Poll.UntilAsync(() => FloodProgress(flood.Output) >= 2000 || flood.Output.Contains("result", StringComparison.Ordinal),
            () => $"the flood is under way: {flood.Output}", TimeSpan.FromSeconds(60));

        await using var fleet = new ButtonFleet(configs.Select(DeviceWorld.Settings));
        Assert.True(await fleet.StartAsync(), "every button connects during the flood");
        var presses = await Task.WhenAll(fleet.Buttons.Select(async b =>
        {
            Assert.True(await b.WaitForBallotAsync("flood", TimeSpan.FromSeconds(30)), "the button shows the open ballot");
            var clock = Stopwatch.StartNew();
            var result = await b.PressAsync("flood", "yes");
            return (b.Settings.DeviceId, result, clock.Elapsed);
        }));
        var floodStillRunning = !flood.Output.Contains("result", StringComparison.Ordinal);

        Assert.Equal(0, await flood.ExitAsync(TimeSpan.FromSeconds(180)));
        peak.Stop();
        var resultLine = flood.Output.Split('\n').Single(l => l.StartsWith("result ", StringComparison.Ordinal))["result ".Length..];
        var summary = JsonSerializer.Deserialize<JsonElement>(resultLine);
        var ackTimes = presses.Select(p => p.Elapsed.TotalMilliseconds).Order().ToArray();
        output.WriteLine($"flood: {resultLine}");
        output.WriteLine($"flood still running when the last button was acked: {floodStillRunning}");
        output.WriteLine($"press-to-ack ms: p50 {ackTimes[ackTimes.Length / 2]:F0}, p99 {ackTimes[(int)Math.Ceiling(ackTimes.Length * 0.99) - 1]:F0}, max {ackTimes[^1]:F0}");
        output.WriteLine($"working set before the flood {before / 1_000_000} MB, peak {peak.PeakBytes / 1_000_000} MB; guard: {world.Gateway.Broker.Connections.Describe()}");

        Assert.All(presses, p => Assert.True(p.result.Accepted, $"{p.DeviceId}: {p.result.Feedback} {p.result.Reason}"));
        Assert.Equal(50, world.VotesOf("flood").Select(v => v.Device).Distinct().Count());
        Assert.Equal(10_000, summary.GetProperty("opened").GetInt32() + summary.GetProperty("connect_failed").GetInt32());
        Assert.Equal(0, summary.GetProperty("still_open").GetInt32());
        Assert.True(summary.GetProperty("max_silent_held_s").GetDouble() < deadline.TotalSeconds + 10,
            $"silent connections are closed at the deadline ({deadline.TotalSeconds} s): the longest was held {summary.GetProperty("max_silent_held_s")} s");
        // This process is the test host too (about 100 MB before the gateway starts), so what the flood may add is bounded,
        // not the total: on main the 5,000 held silent sockets alone add more than this.
        Assert.True(peak.PeakBytes - before < 150_000_000, $"the flood added under 150 MB (before {before / 1_000_000} MB, peak {peak.PeakBytes / 1_000_000} MB)");
    }

    [Fact]
    public async Task The_broker_listens_on_its_own_address_and_not_on_every_IPv6_address()
    {
        // MQTTnet adds a listener on [::] beside the IPv4 address it is given: a broker meant for 127.0.0.1 would be open
        // to the network over IPv6.
        await using var world = await DeviceWorld.CreateAsync();
        using var v4 = await RawTcp.ConnectFromAsync("127.0.0.1", world.Port);
        using var v6 = new TcpClient(AddressFamily.InterNetworkV6);
        var refused = await Assert.ThrowsAsync<SocketException>(() => v6.ConnectAsync(IPAddress.IPv6Loopback, world.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    /// <summary>The highest "progress N" line the flood printed.</summary>
    private static int FloodProgress(string output) =>
        output.Split('\n').Where(l => l.StartsWith("progress ", StringComparison.Ordinal))
            .Select(l => int.Parse(l["progress ".Length..].Trim(), CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
}
