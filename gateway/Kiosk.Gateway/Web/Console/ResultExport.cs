using Kiosk.Gateway.Data;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;

namespace Kiosk.Gateway.Web.Console;

/// <summary>A ballot's result for use elsewhere: CSV (one row per option per round) and JSON (status, trackers, the tally).</summary>
public static class ResultExport
{
    /// <summary>CSV: ballot, round, option, votes, elected, eliminated.</summary>
    public static string Csv(BallotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder("ballot,status,round,option,votes,elected,eliminated\r\n");
        var status = StatusName(report.Status);
        foreach (var round in report.Result?.Rounds ?? [])
            foreach (var value in round.Tally)
                csv.Append(CultureInfo.InvariantCulture, $"{Cell(report.Ballot.Definition.Id)},{status},{round.Round},{Cell(value.Name)},{value.Value.ToString(CultureInfo.InvariantCulture)},{(round.Elected.Contains(value.Name) ? "yes" : "")},{(round.Eliminated.Contains(value.Name) ? "yes" : "")}\r\n");
        return csv.ToString();
    }

    /// <summary>JSON: the ballot, status, counted votes, trackers and the tally (docs/tally-format.md).</summary>
    public static string Json(BallotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["ballot"] = report.Ballot.Definition.Id,
            ["method"] = report.Ballot.Definition.Method,
            ["status"] = StatusName(report.Status),
            ["certified"] = report.Certified,
            ["counted"] = report.Counted.Count,
            ["eligible"] = report.Eligible,
            ["trackers"] = new JsonArray([.. report.Trackers.Select(t => JsonValue.Create(t))]),
            ["result"] = report.Result is null ? null : JsonNode.Parse(TallyJson.Write(report.Result)),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The status's name.</summary>
    public static string StatusName(BallotStatus status) => AssemblyBallots.StatusName(status);

    private static string Cell(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
