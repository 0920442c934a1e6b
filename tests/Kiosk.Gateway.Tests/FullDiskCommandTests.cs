using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Gateway.Tests;

/// <summary>A command that writes on a full disk says so in a sentence, writes nothing, and works again once there is room.</summary>
public sealed class FullDiskCommandTests
{
    [Fact]
    public async Task A_write_on_a_full_disk_is_one_sentence_and_nothing_is_written()
    {
        using var disk = new SmallDisk(16);
        using var cli = new CliRunner(disk.Path);
        await VotingCli.FoundAsync(cli);
        var before = VotingCli.Json(await cli.Ok("status", "--json")).GetProperty("stateHash").GetString();

        disk.Fill();
        var full = await cli.Kiosk("notice", "post", "--id", "bins", "--title", "Bins", "--text", "Monday.", "--expires", "2030-06-01T20:00:00Z");
        disk.Free();

        Assert.True(full.Error.Contains("the disk", StringComparison.Ordinal), full.Error);
        Assert.Equal(2, full.ExitCode);
        Assert.Equal("kiosk notice post: the disk holding the data folder is full (or failing), so nothing was written; free some space and run the command again", full.Error.Trim());
        Assert.DoesNotContain("SQLite Error", full.Error, StringComparison.Ordinal);
        Assert.Equal(before, VotingCli.Json(await cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
        await cli.Ok("notice", "post", "--id", "bins", "--title", "Bins", "--text", "Monday.", "--expires", "2030-06-01T20:00:00Z");
    }
}
