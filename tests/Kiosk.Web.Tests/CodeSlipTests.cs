using Kiosk.Gateway.Data;
using Kiosk.Gateway.Web.Console;
using Kiosk.Voting.Ballots;

namespace Kiosk.Web.Tests;

/// <summary>The slip's words promise only what the kiosks do: the camera only where kiosks have one.</summary>
public sealed class CodeSlipTests
{
    [Theory]
    [InlineData("en", "camera")]
    [InlineData("es", "cámara")]
    public void The_slip_names_the_camera_only_when_the_kiosks_have_one(string language, string camera)
    {
        Assert.Contains(camera, CodeSheet.Instructions(language, null, 1, camera: true), StringComparison.Ordinal);
        Assert.DoesNotContain(camera, CodeSheet.Instructions(language, null, 1, camera: false), StringComparison.Ordinal);
        Assert.DoesNotContain(camera, CodeSheet.Instructions(language, null, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sheet_carries_the_camera_sentence_on_every_slip_when_asked()
    {
        var ballot = BallotFile.Parse(BallotTemplates.All["yes-no"], "yes-no.yaml", yaml: true);
        string[] codes = [VoterCode.Generate(), VoterCode.Generate()];
        var with = CodeSheet.Html("Elm Street", [ballot], codes, 1, ["en"], camera: true);
        var without = CodeSheet.Html("Elm Street", [ballot], codes, 1, ["en"]);
        Assert.Equal(2, with.Split("hold the QR code up to the kiosk").Length - 1);
        Assert.DoesNotContain("camera", without, StringComparison.Ordinal);
    }
}
