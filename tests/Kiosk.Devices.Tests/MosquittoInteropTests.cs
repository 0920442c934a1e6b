using Kiosk.Voting.Ballots;
using Kiosk.Devices.Tests.Support;

namespace Kiosk.Devices.Tests;

/// <summary>
/// Debian's Mosquitto command-line clients (package mosquitto-clients, installed by test.sh) against our MQTTnet broker:
/// they are MQTT clients like any ESP32, so the protocol must hold for them too.
/// </summary>
public sealed class MosquittoInteropTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private DeviceWorld World => fixture.World;

    private string[] Connection(DeviceConfig config, string clientId) =>
        ["-h", "127.0.0.1", "-p", World.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", clientId, "-u", config.DeviceId, "-P", config.Secret];

    [Fact]
    public void The_clients_are_installed()
    {
        Assert.True(CliProcess.Exists("mosquitto_sub") && CliProcess.Exists("mosquitto_pub"), "mosquitto-clients is missing: run ./test.sh (it installs the Debian package)");
    }

    [Fact]
    public async Task Mosquitto_sub_sees_the_retained_current_ballot()
    {
        var config = await World.EnrolAsync("sub-retained");
        using var sub = new CliProcess("mosquitto_sub", [.. Connection(config, "sub-retained-1"), "-t", World.Topics.CurrentBallot, "-q", "1", "-C", "1", "-W", "15"]);

        Assert.Equal(0, await sub.ExitAsync(Timeout));
        var current = System.Text.Json.JsonSerializer.Deserialize<CurrentBallot>(sub.Output.Trim())!;
        Assert.Equal(CurrentBallot.OpenState, current.State);
        Assert.Equal(BrokerFixture.Ballot, current.Ballot);
        Assert.Equal(["yes", "no", "abstain"], current.Options!);
    }

    [Fact]
    public async Task Mosquitto_pub_with_a_device_credential_gets_its_vote_counted_and_acked()
    {
        var config = await World.EnrolAsync("pub-device");
        var press = DeviceProtocol.CreatePress(Convert.FromHexString(config.Secret), World.Assembly, config.DeviceId, BrokerFixture.Ballot, "abstain", 1);
        // The ack arrives on the device's ack topic: a second client of the same device listens there first.
        using var sub = new CliProcess("mosquitto_sub", [.. Connection(config, "pub-device-ack"), "-t", World.Topics.Ack(config.DeviceId), "-q", "1", "-C", "1", "-W", "15"]);
        await WaitForSubscriptionAsync("pub-device-ack");

        using var pub = new CliProcess("mosquitto_pub", [.. Connection(config, "pub-device-1"), "-t", World.Topics.Vote(config.DeviceId), "-q", "1", "-m", DeviceProtocol.EncodePress(press)]);

        Assert.Equal(0, await pub.ExitAsync(Timeout));
        Assert.Equal(0, await sub.ExitAsync(Timeout));
        var ack = DeviceProtocol.DecodeAck(System.Text.Encoding.UTF8.GetBytes(sub.Output.Trim()))!;
        Assert.True(ack.IsAccepted, sub.Output);
        Assert.Equal(1, ack.Counter);
        Assert.Equal(["abstain"], Assert.Single(World.VotesOf(BrokerFixture.Ballot, config.DeviceId)).Choice);
    }

    [Fact]
    public async Task Mosquitto_pub_without_credentials_is_refused_and_nothing_is_counted()
    {
        var config = await World.EnrolAsync("pub-anon");
        var press = DeviceProtocol.CreatePress(Convert.FromHexString(config.Secret), World.Assembly, config.DeviceId, BrokerFixture.Ballot, "yes", 1);

        using var pub = new CliProcess("mosquitto_pub", "-h", "127.0.0.1", "-p", World.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-i", "anon-pub", "-t", World.Topics.Vote(config.DeviceId), "-q", "1", "-m", DeviceProtocol.EncodePress(press));

        Assert.NotEqual(0, await pub.ExitAsync(Timeout));
        Assert.Contains("refused", pub.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(World.Log.Contains("client anon-pub from"));
        Assert.Empty(World.VotesOf(BrokerFixture.Ballot, config.DeviceId));
    }

    /// <summary>Waits (with a deadline) until the broker has taken the client's subscription.</summary>
    private Task WaitForSubscriptionAsync(string clientId) => World.Gateway.Broker.WhenSubscribedAsync(clientId).WaitAsync(Timeout);
}
