using System.Collections;
using System.Security.Cryptography;
using System.Text;
using Kiosk.Button;

namespace Kiosk.Firmware.Tests;

/// <summary>The shared button logic on fakes: crypto against .NET's, JSON reading, counter and retry rules.</summary>
public sealed class ButtonLogicTests
{
    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("kiosk/v1|0123456789abcdef0123456789abcdef|button-1|b1|yes|42")]
    [InlineData("a message exactly long enough to cross one sixty-four byte block!!")]
    public void Sha256_and_hmac_match_dotnet(string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        var key = RandomNumberGenerator.GetBytes(32);
        var longKey = RandomNumberGenerator.GetBytes(100);

        Assert.Equal(SHA256.HashData(data), Sha256.Hash(data));
        Assert.Equal(HMACSHA256.HashData(key, data), HmacSha256.Compute(key, data));
        Assert.Equal(HMACSHA256.HashData(longKey, data), HmacSha256.Compute(longKey, data));
    }

    [Fact]
    public void Flat_json_reads_settings_acks_and_ballots()
    {
        var settings = ButtonSettings.Parse("""{ "deviceId": "b-1", "secret": "00ff", "assembly": "aa", "brokerHost": "10.0.0.2", "brokerPort": 1884, "wifiSsid": "hall \"A\"" }""")!;
        var ack = AckView.Parse("""{"counter":7,"status":"refused","reason":"bad-hmac","message":"x","repeat":false}""")!;
        var ballot = BallotView.Parse("""{"state":"open","ballot":"b1","title":"Lift","options":["yes","no","abstain"]}""");

        Assert.Equal(("b-1", 1884, "hall \"A\""), (settings.DeviceId, settings.BrokerPort, settings.WifiSsid));
        Assert.Equal((7L, false, "bad-hmac"), (ack.Counter, ack.Accepted, ack.Reason));
        Assert.True(ballot.IsOpen);
        Assert.Equal(["yes", "no", "abstain"], ballot.Options);
        Assert.False(BallotView.Parse("""{"state":"none"}""").IsOpen);
        Assert.Null(FlatJson.Parse("{ broken"));
        Assert.Null(ButtonSettings.Parse("""{ "deviceId": "b-1" }"""));
    }

    [Fact]
    public void A_press_stores_its_counter_before_sending_and_is_resent_until_acked()
    {
        var (button, link, store, clock, pins) = Create();
        button.Start();
        link.Deliver("kiosk/v1/aa/ballot/current", """{"state":"open","ballot":"b1","options":["yes","no"]}""");
        Assert.Equal([true, true, false], pins.Leds);

        Assert.True(button.Press(1));
        Assert.Equal(1, store.CounterWhenFirstSent);
        Assert.False(button.Press(0)); // one press at a time
        clock.Now += VoteButton.DefaultAckTimeoutMs;
        button.Poll();
        Assert.Equal(2, link.Published.Count);
        Assert.Equal(link.Published[0], link.Published[1]); // the same message, same counter, same HMAC
        Assert.Contains("\"option\":\"no\",\"counter\":1,", link.Published[0], StringComparison.Ordinal);

        link.Deliver("kiosk/v1/aa/device/b-1/ack", """{"counter":1,"status":"accepted","tracker":"T"}""");
        Assert.False(button.IsWaiting);
        Assert.Equal(ButtonFeedback.Accepted, pins.Feedback);
        Assert.Equal(2, button.Attempts);
    }

    [Fact]
    public void The_press_signature_is_hmac_sha256_of_the_documented_text()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("kiosk/v1|aa|b-1|b1|yes|5")));

        Assert.Equal(expected, ButtonProtocol.Sign(secret, "aa", "b-1", "b1", "yes", 5));
    }

    [Fact]
    public void Reconnects_back_off_from_a_quarter_second_to_thirty_seconds()
    {
        var backoff = new Backoff(VoteButton.FirstReconnectMs, VoteButton.MaxReconnectMs);
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.NextDelayMs()).ToArray();

        Assert.Equal([250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000], delays);
    }

    private static (VoteButton, FakeLink, FakeStore, FakeClock, FakePins) Create()
    {
        var settings = ButtonSettings.Parse("""{ "deviceId": "b-1", "secret": "0011223344556677889900112233445566778899001122334455667788990011", "assembly": "aa", "brokerHost": "h" }""")!;
        var link = new FakeLink();
        var store = new FakeStore(link);
        var clock = new FakeClock();
        var pins = new FakePins();
        return (new VoteButton(settings, pins, link, store, clock), link, store, clock, pins);
    }

    private sealed class FakeLink : IMqttLink
    {
        private MqttMessageHandler? _handler;
        public List<string> Published { get; } = [];
        public bool IsConnected { get; private set; }
        public bool Connect(string host, int port, string clientId, string userName, string password) => IsConnected = true;
        public bool Subscribe(string topic) => true;
        public bool Publish(string topic, string payload) { Published.Add(payload); return true; }
        public void SetHandler(MqttMessageHandler handler) => _handler = handler;
        public void Disconnect() => IsConnected = false;
        public void Deliver(string topic, string payload) => _handler!(topic, payload);
    }

    private sealed class FakeStore(FakeLink link) : ISettingsStore
    {
        private long _counter;
        public long CounterWhenFirstSent { get; private set; } = -1;
        public ButtonSettings LoadSettings() => throw new NotSupportedException();
        public long ReadCounter() => _counter;
        public void WriteCounter(long counter)
        {
            Assert.DoesNotContain(link.Published, p => p.Contains($"\"counter\":{counter},", StringComparison.Ordinal)); // stored before sent
            _counter = counter;
            if (CounterWhenFirstSent < 0) CounterWhenFirstSent = counter;
        }
    }

    private sealed class FakeClock : IClock
    {
        public long Now { get; set; } = 1000;
        public long NowMs => Now;
        public void Idle(int milliseconds) => Now += milliseconds;
    }

    private sealed class FakePins : IButtonPins
    {
        public bool[] Leds { get; } = new bool[3];
        public int Feedback { get; private set; }
        public int OptionSlots => 3;
        public bool IsPressed(int slot) => false;
        public void SetOptionLed(int slot, bool lit) => Leds[slot] = lit;
        public void ShowFeedback(int feedback) => Feedback = feedback;
    }
}
