using Kiosk.Voting.Ballots;
using System.Buffers;
using System.Text;
using Kiosk.Button;

namespace Kiosk.Devices.Tests;

/// <summary>The firmware's side (ButtonProtocol, plain-C# HMAC) and the gateway's side (DeviceProtocol) of the same protocol agree.</summary>
public sealed class DeviceProtocolTests
{
    [Theory]
    [InlineData("button-1", "b1", "yes", 1L)]
    [InlineData("seat-42", "delegates-assembly-motion", "abstain", 9_000_000_000L)]
    public void A_press_signed_by_the_firmware_decodes_and_verifies_at_the_gateway(string device, string ballot, string option, long counter)
    {
        var secret = DeviceProtocol.NewSecret();
        const string assembly = "0123456789abcdef0123456789abcdef";
        var hmac = ButtonProtocol.Sign(secret, assembly, device, ballot, option, counter);
        var payload = Encoding.UTF8.GetBytes(ButtonProtocol.PressPayload(ballot, option, counter, hmac));

        var press = DeviceProtocol.DecodePress(new ReadOnlySequence<byte>(payload), out var problem);

        Assert.Null(problem);
        Assert.Equal(new PressMessage(ballot, option, counter, hmac), press);
        Assert.True(DeviceProtocol.Verify(secret, assembly, device, press!));
        Assert.False(DeviceProtocol.Verify(secret, assembly, "other-device", press!));
        Assert.False(DeviceProtocol.Verify(secret, assembly, device, press! with { Option = "no" }));
        Assert.Equal(hmac, DeviceProtocol.Sign(secret, assembly, device, ballot, option, counter));
    }

    [Fact]
    public void Acks_and_the_current_ballot_written_by_the_gateway_read_on_the_button()
    {
        var ack = AckView.Parse(Encoding.UTF8.GetString(DeviceProtocol.EncodeAck(AckMessage.Refused(7, DeviceRefusals.ReplayedCounter, "counter 7 is \"old\""))))!;
        var view = BallotView.Parse(Encoding.UTF8.GetString(DeviceProtocol.EncodeCurrentBallot(new CurrentBallot(CurrentBallot.OpenState, "b1", "Fix the lift", ["yes", "no"]))));

        Assert.Equal((7L, false, DeviceRefusals.ReplayedCounter), (ack.Counter, ack.Accepted, ack.Reason));
        Assert.True(view.IsOpen);
        Assert.Equal(["yes", "no"], view.Options);
        Assert.False(BallotView.Parse(Encoding.UTF8.GetString(DeviceProtocol.EncodeCurrentBallot(CurrentBallot.None))).IsOpen);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"ballot\":\"b1\",\"option\":\"yes\",\"counter\":0,\"hmac\":\"00\"}")]
    [InlineData("{\"ballot\":\"b1\",\"option\":\"yes\",\"counter\":1}")]
    public void Malformed_presses_are_refused_with_a_reason(string payload)
    {
        Assert.Null(DeviceProtocol.DecodePress(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
