using System.Text.Json.Nodes;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;

namespace Kiosk.Hub.Tests.Support;

/// <summary>
/// Every ballot's results as JSON, the way a replica shows them: status, turnout, counted receipt trackers, batches,
/// and the tally engine's JSON with its rounds. Two replicas agree when these strings are equal.
/// </summary>
public static class ResultsDigest
{
    public static string Of(VotingDesk desk)
    {
        var array = new JsonArray();
        var reports = desk.Read((projection, authority) => projection.Ballots.Values
            .OrderBy(b => b.Definition.Id, StringComparer.Ordinal)
            .Select(b => BallotCounter.Report(projection, authority, b.Definition.Id)!).ToList());
        foreach (var report in reports)
        {
            array.Add(new JsonObject
            {
                ["ballot"] = report.Ballot.Definition.Id,
                ["status"] = report.Status.ToString(),
                ["certified"] = report.Certified,
                ["eligible"] = report.Eligible,
                ["counted"] = report.Counted.Count,
                ["ignored"] = report.Ignored.Count,
                ["turnout"] = new JsonArray(report.TurnoutByGateway.OrderBy(t => t.Key).Select(t => (JsonNode)JsonValue.Create($"{t.Key.ToHex()}={t.Value}")).ToArray()),
                ["awaitingCloseSeen"] = new JsonArray(report.AwaitingCloseSeen.Select(g => (JsonNode)JsonValue.Create(g.ToHex())).ToArray()),
                ["trackers"] = new JsonArray(report.Trackers.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
                ["batches"] = report.Batches.Count,
                ["tally"] = report.Result is { } result ? JsonNode.Parse(TallyJson.Write(result)) : null,
                ["tallyProblem"] = report.TallyProblem,
            });
        }
        return array.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
