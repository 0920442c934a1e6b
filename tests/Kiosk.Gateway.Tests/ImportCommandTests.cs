using System.Text.Json;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>kiosk import</c> with the files a person can hand it: lines shuffled or repeated, a header of another assembly,
/// a line far longer than any event (issue 13, finding 4). Refusals exit 2 with a sentence and write nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ImportCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static JsonElement Json(CliRunner.Run run) => JsonDocument.Parse(run.Output).RootElement;

    /// <summary>An assembly of three authors (founder, Ana, her gateway's key is not needed) and a dozen events, exported.</summary>
    private async Task<(string File, string StateHash, int Events)> ExportAsync()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("facilitator", "add", "--name", "Ana");
        await _cli.Ok("gateway", "enrol", "--name", "hall", "--as", "facilitator-ana");
        for (var i = 0; i < 4; i++)
        {
            await _cli.Ok("notice", "post", "--id", $"f{i}", "--title", "Founder", "--text", $"founder {i}");
            await _cli.Ok("notice", "post", "--id", $"a{i}", "--title", "Ana", "--text", $"ana {i}", "--as", "facilitator-ana");
        }
        var status = Json(await _cli.Ok("status", "--json"));
        var file = Path.Combine(_cli.Root, "ledger.jsonl");
        await _cli.Ok("export", "-o", file);
        return (file, status.GetProperty("stateHash").GetString()!, File.ReadAllLines(file).Length - 1);
    }

    [Fact]
    public async Task A_shuffled_export_with_repeated_lines_imports_completely_in_one_run()
    {
        var (file, hash, count) = await ExportAsync();
        var lines = File.ReadAllLines(file);
        var events = lines[1..];
        // Reversed puts every feed's later events before its earlier ones; then a third of the lines once more.
        var shuffled = events.Reverse().Concat(events.Take(count / 3)).ToArray();
        new Random(5).Shuffle(shuffled);
        File.WriteAllLines(file, [lines[0], .. shuffled]);

        using var other = new CliRunner();
        var imported = Json(await other.Ok("import", "-i", file, "--json"));
        Assert.Equal(count, imported.GetProperty("accepted").GetInt32());
        Assert.Equal(count / 3, imported.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, imported.GetProperty("pending").GetInt32());
        Assert.Empty(imported.GetProperty("refused").EnumerateArray());
        Assert.Equal(hash, Json(await other.Ok("status", "--json")).GetProperty("stateHash").GetString());
    }

    [Fact]
    public async Task A_header_naming_another_assembly_is_refused_before_a_new_folder_is_made()
    {
        var (file, _, _) = await ExportAsync();
        var lines = File.ReadAllLines(file);
        var header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(lines[0])!;
        var assembly = header["assembly"].GetString()!;
        var other = (assembly[0] == '0' ? "1" : "0") + assembly[1..];
        lines[0] = lines[0].Replace(assembly, other, StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        using var target = new CliRunner();
        var run = await target.Kiosk("import", "-i", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"ledger.jsonl:2: the event belongs to assembly {assembly} but the header names {other}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target.Data, "ledger.db")), "nothing was written");
    }

    [Fact]
    public async Task A_line_longer_than_any_event_is_refused_by_its_number_and_nothing_changes()
    {
        var (file, hash, _) = await ExportAsync();
        var lines = File.ReadAllLines(file).ToList();
        lines.Insert(3, "{\"raw\":\"" + new string('A', 4 * 1024 * 1024) + "\"}");
        File.WriteAllLines(file, lines);

        var run = await _cli.Kiosk("import", "-i", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ledger.jsonl:4: the line is longer than", run.Error, StringComparison.Ordinal);
        Assert.Equal(hash, Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString());
    }
}
