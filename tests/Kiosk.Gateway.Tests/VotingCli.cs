using Kiosk.Gateway.Data;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kiosk.Gateway.Tests;

/// <summary>Steps the ballot tests share: an assembly with a gateway, ballot files, issued codes, JSON output.</summary>
public static partial class VotingCli
{
    /// <summary>Founds an assembly with a facilitator Ana and one gateway, "hall" (key gateway-hall).</summary>
    public static async Task FoundAsync(CliRunner cli)
    {
        await cli.Ok("init", "--name", "Elm Street");
        await cli.Ok("facilitator", "add", "--name", "Ana");
        await cli.Ok("gateway", "enrol", "--name", "hall");
    }

    /// <summary>Writes a ballot file into the runner's folder and returns its path.</summary>
    public static string BallotFile(CliRunner cli, string text, string name = "ballot.yaml")
    {
        var path = Path.Combine(cli.Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A plurality ballot with options a, b and c.</summary>
    public static string Plurality(string id, string revote = "last-counts") => $$$"""
        id: {{{id}}}
        title: {en: Ballot {{{id}}}, es: Votación {{{id}}}}
        method: plurality
        revote: {{{revote}}}
        options:
          - {id: a, label: {en: A}}
          - {id: b, label: {en: B}}
          - {id: c, label: {en: C}}
        """;

    /// <summary>Publishes and opens a ballot from YAML.</summary>
    public static async Task PublishAndOpenAsync(CliRunner cli, string yaml, string id)
    {
        await cli.Ok("ballot", "create", BallotFile(cli, yaml, id + ".yaml"));
        await cli.Ok("ballot", "open", id);
    }

    /// <summary>
    /// Publishes and opens plurality ballot <paramref name="id"/>, scheduled to close at noon the day after tomorrow by
    /// the wall clock (the command line refuses a close already past), and returns a gateway clock set a minute before it.
    /// </summary>
    public static async Task<Microsoft.Extensions.Time.Testing.FakeTimeProvider> PublishClosingInAMinuteAsync(CliRunner cli, string id)
    {
        var closes = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(2).AddHours(12), TimeSpan.Zero);
        await PublishAndOpenAsync(cli, Plurality(id) + $"\nclosesAt: {closes:yyyy-MM-dd}T12:00:00Z", id);
        return new Microsoft.Extensions.Time.Testing.FakeTimeProvider(closes.AddMinutes(-1));
    }

    /// <summary>Issues codes and returns them (from --print-codes).</summary>
    public static async Task<IReadOnlyList<string>> IssueAsync(CliRunner cli, string ballots, int count, params string[] more)
    {
        var run = await cli.Ok(["codes", "issue", ballots, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--print-codes", .. more]);
        return CodesIn(run.Output);
    }

    /// <summary>Every voter code (XXXX-XXXX-XXXX) in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> CodesIn(string text) => CodePattern().Matches(text).Select(m => m.Value).ToList();

    /// <summary>The output of a <c>--json</c> run.</summary>
    public static JsonElement Json(CliRunner.Run run) => JsonDocument.Parse(run.Output).RootElement;

    /// <summary>The results of one ballot, as JSON.</summary>
    public static async Task<JsonElement> ResultsAsync(CliRunner cli, string id) =>
        Json(await cli.Ok("results", id, "--json")).EnumerateArray().Single();

    [GeneratedRegex("\\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\b")]
    private static partial Regex CodePattern();
}
