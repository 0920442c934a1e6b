using Kiosk.Gateway.Web.Camera;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Web.Tests;

/// <summary>The camera's QR decoder (ZXing.Net on raw greyscale bytes) and the bound on how many frames it decodes.</summary>
public sealed class CameraReaderTests
{
    [Fact]
    public void A_slips_qr_code_reads_as_its_voter_code()
    {
        var code = VoterCode.Generate();
        var reading = CameraReader.Read(QrFrame.Of(code), QrFrame.Width, QrFrame.Height);
        Assert.Equal(new CameraReading(code, null), reading);
    }

    [Fact]
    public void A_small_qr_code_far_from_the_camera_still_reads()
    {
        var code = VoterCode.Generate();
        Assert.Equal(code, CameraReader.Read(QrFrame.Of(code, modulePixels: 2), QrFrame.Width, QrFrame.Height).Code);
    }

    [Fact]
    public void A_qr_code_that_is_not_a_voter_code_is_refused_with_the_reason()
    {
        var reading = CameraReader.Read(QrFrame.Of("https://example.org/menu"), QrFrame.Width, QrFrame.Height);
        Assert.Null(reading.Code);
        Assert.StartsWith("this QR code is not a voter code: ", reading.Problem, StringComparison.Ordinal);
        Assert.Contains("not used in voter codes", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_qr_code_of_a_code_with_a_wrong_check_symbol_is_refused_as_a_mistake()
    {
        var code = VoterCode.Generate();
        var wrong = code[..^1] + (code[^1] == '0' ? '1' : '0');
        var reading = CameraReader.Read(QrFrame.Of(wrong), QrFrame.Width, QrFrame.Height);
        Assert.Null(reading.Code);
        Assert.Contains("typing mistake", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_without_a_qr_code_reads_as_nothing()
    {
        Assert.True(CameraReader.Read(QrFrame.Blank(), QrFrame.Width, QrFrame.Height).IsNothing);
    }

    [Theory]
    [InlineData(32, 240, 32 * 240, "64 to 640 pixels")]
    [InlineData(320, 1000, 320 * 1000, "64 to 640 pixels")]
    [InlineData(320, 240, 320 * 240 - 1, "is 76800 bytes")]
    public void A_frame_of_the_wrong_size_is_refused_with_the_reason(int width, int height, int length, string reason)
    {
        Assert.Contains(reason, CameraReader.ProblemWithFrame(width, height, length), StringComparison.Ordinal);
        Assert.True(CameraReader.Read(new byte[length], width, height).IsNothing);
    }

    [Fact]
    public void The_gate_decodes_a_few_frames_a_second_one_at_a_time()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
        var gate = new CameraGate(time);
        var first = gate.TryEnter();
        Assert.NotNull(first);
        Assert.Null(gate.TryEnter()); // one at a time
        first.Dispose();
        for (var i = 1; i < CameraGate.FramesPerSecond; i++) gate.TryEnter()!.Dispose();
        Assert.Null(gate.TryEnter()); // the second's frames are used up
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(gate.TryEnter());
    }
}
