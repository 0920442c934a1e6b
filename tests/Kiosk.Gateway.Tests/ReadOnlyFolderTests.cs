using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// A data folder on read-only media (a real read-only mount, which stops root too): the commands that only read work,
/// the ones that write refuse with a sentence; and a code sheet that cannot be written leaves no file of codes behind.
/// </summary>
public sealed class ReadOnlyFolderTests
{
    private const string ReadOnlySentence = "the data folder is read-only, so this command cannot write to it";
    private const string FullSentence = "the disk holding the data folder is full";

    [Fact]
    public async Task Status_verify_and_export_work_on_a_read_only_folder_and_writers_refuse_with_a_sentence()
    {
        using var disk = new SmallDisk(16);
        using var cli = new CliRunner(under: disk.Path);
        await VotingCli.FoundAsync(cli);
        await VotingCli.PublishAndOpenAsync(cli, VotingCli.Plurality("p1"), "p1");
        var before = VotingCli.Json(await cli.Ok("status", "--json")).GetProperty("stateHash").GetString();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the last connection closes: the ledger file holds every commit
        disk.MakeReadOnly();
        try
        {
            Assert.Equal(before, VotingCli.Json(await cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
            await cli.Ok("verify");
            await cli.Ok("ballot", "list");
            await cli.Ok("results", "p1");
            var export = Path.Combine(Path.GetTempPath(), "kiosk-ro-export-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");
            try
            {
                await cli.Ok("export", "--output", export);
                Assert.True(new FileInfo(export).Length > 0);
            }
            finally
            {
                File.Delete(export);
            }

            foreach (var write in new[] { new[] { "notice", "post", "--id", "n", "--title", "T", "--text", "T" }, ["ballot", "close", "p1"], ["verify", "--rebuild"] })
            {
                var refused = await cli.Kiosk(write);
                Assert.True(refused.ExitCode == 2, $"kiosk {string.Join(' ', write)}: {refused}");
                Assert.Contains(ReadOnlySentence, refused.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("SQLite Error", refused.Error, StringComparison.Ordinal);
            }
            Assert.Equal(before, VotingCli.Json(await cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
        }
        finally
        {
            disk.MakeWritable();
        }
    }

    [Fact]
    public async Task A_code_sheet_that_cannot_be_written_leaves_no_file_and_issues_no_codes()
    {
        using var cli = new CliRunner();
        await VotingCli.FoundAsync(cli);
        await VotingCli.PublishAndOpenAsync(cli, VotingCli.Plurality("p1"), "p1");
        var events = EventCount(await cli.Ok("status", "--json", "--events"));
        using var disk = new SmallDisk(1);
        disk.Fill();
        var sheet = Path.Combine(disk.Path, "sheet.html");

        var failed = await cli.Kiosk("codes", "issue", "p1", "--count", "200", "--sheet", sheet);
        Assert.True(failed.ExitCode == 2, failed.ToString());
        Assert.Contains(FullSentence, failed.Error, StringComparison.Ordinal);
        Assert.Equal(["filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));
        Assert.Equal(events, EventCount(await cli.Ok("status", "--json", "--events")));

        disk.Free();
        await cli.Ok("codes", "issue", "p1", "--count", "200", "--sheet", sheet);
        Assert.True(File.Exists(sheet));
        Assert.Equal([Path.GetFileName(sheet)], Directory.GetFiles(disk.Path).Select(Path.GetFileName));
    }

    private static int EventCount(CliRunner.Run status) => VotingCli.Json(status).GetProperty("events").GetArrayLength();
}
