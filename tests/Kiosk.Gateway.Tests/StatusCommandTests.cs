using System.Text.Json;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk status</c>'s mesh section: what the running gateway last wrote to mesh/status.json, as a table and as JSON.</summary>
public sealed class StatusCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static MeshStatusFile Status(DateTimeOffset written) => new()
    {
        Written = written,
        Node = new string('a', 64),
        StateHash = new string('5', 64),
        Events = 42,
        Listening = "mqtts://127.0.0.1:8883",
        InStepWith = 2,
        Gateways = 3,
        Members =
        [
            new("hall", new string('a', 64), Self: true, InStep: true, Linked: false, new string('5', 64), 42),
            new("centre", new string('b', 64), Self: false, InStep: true, Linked: true, new string('5', 64), 42),
            new("market", new string('c', 64), Self: false, InStep: false, Linked: false, StateHash: null, Held: null),
        ],
        Peers = [new MeshStatusFile.Peer("centre", new string('b', 64), "mqtts://127.0.0.1:8884", Connected: true, "dialled", written.AddMinutes(-5), written,
            EventsBehind: 0, EventsAhead: 3, InStep: true, new string('5', 64), BytesSent: 1536, BytesReceived: 200, EventsSent: 9, EventsReceived: 2,
            Duplicates: 0, Refusals: 1, LiveOverflows: 0, LastProblem: "sent a have that breaks the protocol", BannedUntil: null)],
    };

    [Fact]
    public async Task Status_shows_in_step_with_n_of_m_each_gateway_and_each_peer_of_the_running_gateway()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        var none = await _cli.Ok("status");
        Assert.Contains("no running gateway has reported on this folder", none.Output, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse((await _cli.Ok("status", "--json")).Output).RootElement.TryGetProperty("mesh", out _)); // no report, no section

        Status(DateTimeOffset.UtcNow).Write(Path.Combine(_cli.Data, "mesh", "status.json"));
        var text = (await _cli.Ok("status")).Output;
        Assert.Contains("in step with 2 of 3 gateways", text, StringComparison.Ordinal);
        Assert.Contains("as seen by the running gateway", text, StringComparison.Ordinal);
        Assert.Contains("nothing heard yet", text, StringComparison.Ordinal);   // market: no word of its state
        Assert.Contains("direct peer", text, StringComparison.Ordinal);         // centre
        Assert.Contains("1.5 KiB", text, StringComparison.Ordinal);             // bytes sent to centre
        Assert.Contains("sent a have that breaks the protocol", text, StringComparison.Ordinal);

        var mesh = JsonDocument.Parse((await _cli.Ok("status", "--json")).Output).RootElement.GetProperty("mesh");
        Assert.Equal(2, mesh.GetProperty("inStepWith").GetInt32());
        Assert.Equal(3, mesh.GetProperty("gateways").GetInt32());
        Assert.Equal(["hall", "centre", "market"], mesh.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var peer = Assert.Single(mesh.GetProperty("peers").EnumerateArray());
        Assert.Equal((3L, 1536L, 1L), (peer.GetProperty("eventsAhead").GetInt64(), peer.GetProperty("bytesSent").GetInt64(), peer.GetProperty("refusals").GetInt64()));

        Status(DateTimeOffset.UtcNow.AddMinutes(-3)).Write(Path.Combine(_cli.Data, "mesh", "status.json"));
        Assert.Contains("the gateway may have stopped", (await _cli.Ok("status")).Output, StringComparison.Ordinal);
    }
}
