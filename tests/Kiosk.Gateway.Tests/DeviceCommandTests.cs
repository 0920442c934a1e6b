using Kiosk.Devices;
using Kiosk.Gateway.Data;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>kiosk device enrol|list|revoke|secret|serve</c>: the vote buttons in one group — enrolment writes the event, and on
/// the button's own gateway its secret and settings file in the same step.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeviceCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private DataFolder Data => new(new DirectoryInfo(_cli.Data));

    [Fact]
    public async Task Enrolling_a_button_on_its_gateway_writes_the_event_its_secret_and_its_settings_file_in_one_step()
    {
        await VotingCli.FoundAsync(_cli);
        var run = VotingCli.Json(await _cli.Ok("device", "enrol", "--id", "button-7", "--member", "Flat 2B", "--broker-host", "192.168.1.20", "--json"));
        Assert.Equal("hall", run.GetProperty("gateway").GetString());
        var settings = DeviceConfig.Read(run.GetProperty("settingsFile").GetString()!);
        Assert.Equal(("button-7", "192.168.1.20", 1883), (settings.DeviceId, settings.BrokerHost, settings.BrokerPort));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(run.GetProperty("settingsFile").GetString()!));
        await using (var registry = DeviceRegistry.Open(DeviceFiles.RegistryPath(Data)))
        {
            Assert.True(registry.TryGetSecret("button-7", out var secret));
            Assert.Equal(settings.Secret, Convert.ToHexStringLower(secret));
        }
        await using (var ledger = Data.OpenLedger())
        {
            Assert.Equal("Flat 2B", ledger.Authority.Devices["button-7"].Member);
            Assert.DoesNotContain(ledger.ReadAll(), e => System.Text.Encoding.UTF8.GetString(e.Body.Span).Contains(settings.Secret, StringComparison.Ordinal));
        }

        // A new secret replaces the old one; the same id cannot be enrolled twice.
        var renewed = VotingCli.Json(await _cli.Ok("device", "secret", "button-7", "--json"));
        Assert.NotEqual(settings.Secret, DeviceConfig.Read(renewed.GetProperty("settingsFile").GetString()!).Secret);
        var twice = await _cli.Kiosk("device", "enrol", "--id", "button-7", "--member", "Flat 3");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("device button-7 is already enrolled (to hall, for Flat 2B)", twice.Error, StringComparison.Ordinal);

        // A wired station's device gets no secret and no settings file.
        await _cli.Ok("device", "enrol", "--id", "wired-1", "--member", "Flat 4", "--wired");
        Assert.False(File.Exists(Path.Combine(_cli.Data, "devices", "wired-1.json")));
        await using (var registry = DeviceRegistry.Open(DeviceFiles.RegistryPath(Data))) Assert.False(registry.TryGetSecret("wired-1", out _));
    }

    [Fact]
    public async Task Buttons_are_listed_and_a_revoked_one_votes_no_more()
    {
        await VotingCli.FoundAsync(_cli);
        Assert.Contains("No buttons enrolled yet", (await _cli.Ok("device", "list")).Output, StringComparison.Ordinal);
        for (var seat = 1; seat <= 2; seat++)
            await _cli.Ok("device", "enrol", "--id", $"button-{seat}", "--member", $"Seat {seat}", "--label", $"Button {seat}", "--wired");
        await VotingCli.PublishAndOpenAsync(_cli, File.ReadAllText(Repo.Path("docs/examples/roll-call.yaml")), "delegates-assembly-motion");
        await _cli.Ok("vote", "delegates-assembly-motion", "--device", "button-2", "--choice", "no");

        var revoked = await _cli.Ok("device", "revoke", "button-2", "--reason", "lost");
        Assert.Contains("Revoked button-2 (of Seat 2)", revoked.Output, StringComparison.Ordinal);
        var list = VotingCli.Json(await _cli.Ok("device", "list", "--json")).EnumerateArray()
            .Select(d => (d.GetProperty("device").GetString(), d.GetProperty("label").GetString(), d.GetProperty("member").GetString(), d.GetProperty("gateway").GetString(), d.GetProperty("revoked").GetBoolean()))
            .ToList();
        Assert.Equal([("button-1", "Button 1", "Seat 1", "hall", false), ("button-2", "Button 2", "Seat 2", "hall", true)], list);
        var table = (await _cli.Ok("device", "list")).Output;
        Assert.Contains("revoked", table, StringComparison.Ordinal);

        var refused = await _cli.Kiosk("vote", "delegates-assembly-motion", "--device", "button-2", "--choice", "yes");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"refused ({VoteRefusalReason.DeviceNotEligible})", refused.Error, StringComparison.Ordinal);
        var again = await _cli.Kiosk("device", "revoke", "button-2");
        Assert.Contains("device button-2 is already revoked", again.Error, StringComparison.Ordinal);
        var typo = await _cli.Kiosk("device", "revoke", "buton-1");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("no device 'buton-1' is enrolled; did you mean button-1", typo.Error, StringComparison.Ordinal);
        var secret = await _cli.Kiosk("device", "secret", "button-2");
        Assert.Contains("device button-2 is revoked", secret.Error, StringComparison.Ordinal);
    }
}
