using System.Text;
using System.Text.Json;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Writes a <see cref="TallyResult"/> as JSON in the stable schema of docs/tally-format.md: keys in a fixed order,
/// candidates in declared order, every number a JSON number with the exact decimal value (never a binary float).
/// </summary>
public static class TallyJson
{
    /// <summary>The schema version written as <c>schema</c>; raised when a field changes meaning.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Serialises a result (indented, UTF-8, trailing newline).</summary>
    public static string Write(TallyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", SchemaVersion);
            w.WriteString("method", result.Method.Name());
            if (result.Title is not null) w.WriteString("title", result.Title);
            Strings(w, "candidates", result.Candidates);
            if (result.Excluded.Count > 0) Strings(w, "excluded", result.Excluded);
            w.WriteNumber("seats", result.Seats);
            w.WriteNumber("totalVotes", result.TotalVotes);
            if (result.Undervotes is { } undervotes) w.WriteNumber("undervotes", undervotes);
            Strings(w, "winners", result.Winners);
            w.WriteStartObject("rules");
            foreach (var (key, value) in result.RulesUsed) w.WriteString(key, value);
            if (result.Seed is { } seed) w.WriteNumber("seed", seed);
            w.WriteEndObject();
            w.WriteStartArray("rounds");
            foreach (var r in result.Rounds) Round(w, r);
            w.WriteEndArray();
            if (result.Ranking is { } ranking)
            {
                w.WriteStartArray("ranking");
                foreach (var tier in ranking)
                {
                    w.WriteStartArray();
                    foreach (var name in tier) w.WriteStringValue(name);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            if (result.Schulze is { } s)
            {
                Matrix(w, "pairwise", s.Pairwise, result.Candidates);
                Matrix(w, "strongestPaths", s.StrongestPaths, result.Candidates);
            }
            if (result.Decision is { } d)
            {
                w.WriteStartObject("decision");
                w.WriteBoolean("passed", d.Passed);
                w.WriteString("reason", d.Reason);
                w.WriteNumber("participation", d.Participation);
                if (d.QuorumMet is { } met) w.WriteBoolean("quorumMet", met);
                if (d.QuorumRequired is { } req) w.WriteNumber("quorumRequired", req);
                w.WriteEndObject();
            }
            if (result.Objections is { } objections)
            {
                w.WriteStartArray("objections");
                foreach (var o in objections)
                {
                    w.WriteStartObject();
                    if (o.Id is not null) w.WriteString("id", o.Id);
                    w.WriteString("reason", o.Reason);
                    w.WriteNumber("weight", o.Weight);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (result.Budget is { } b)
            {
                w.WriteStartObject("budget");
                w.WriteNumber("budget", b.Budget);
                w.WriteNumber("spent", b.Spent);
                w.WriteString("completion", b.Completion);
                w.WriteNumber("shareUsed", b.ShareUsed);
                w.WriteStartObject("greedy");
                Strings(w, "winners", b.GreedyWinners);
                w.WriteNumber("spent", b.GreedySpent);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Round(Utf8JsonWriter w, TallyRound r)
    {
        w.WriteStartObject();
        w.WriteNumber("round", r.Round);
        if (r.Threshold is { } t) w.WriteNumber("threshold", t);
        Values(w, "tally", r.Tally);
        Strings(w, "elected", r.Elected);
        Strings(w, "eliminated", r.Eliminated);
        w.WriteStartObject("transfers");
        foreach (var t2 in r.Transfers) Values(w, t2.From, t2.To);
        w.WriteEndObject();
        if (r.Inactive is { } i)
        {
            w.WriteStartObject("inactive");
            w.WriteNumber("overvotes", i.Overvotes);
            w.WriteNumber("skippedRankings", i.SkippedRankings);
            w.WriteNumber("exhaustedChoices", i.ExhaustedChoices);
            w.WriteNumber("repeatedRankings", i.RepeatedRankings);
            w.WriteEndObject();
        }
        if (r.Residual is { } res) w.WriteNumber("residual", res);
        if (r.KeepFactors is { } kf) Values(w, "keepFactors", kf);
        if (r.Iterations is { } it) w.WriteNumber("iterations", it);
        if (r.Notes.Count > 0) Strings(w, "notes", r.Notes);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Values(Utf8JsonWriter w, string name, IEnumerable<NamedValue> values)
    {
        w.WriteStartObject(name);
        foreach (var v in values) w.WriteNumber(v.Name, v.Value);
        w.WriteEndObject();
    }

    private static void Matrix(Utf8JsonWriter w, string name, decimal[,] m, IReadOnlyList<string> names)
    {
        w.WriteStartObject(name);
        for (var i = 0; i < names.Count; i++)
        {
            w.WriteStartObject(names[i]);
            for (var j = 0; j < names.Count; j++)
            {
                if (i != j) w.WriteNumber(names[j], m[i, j]);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
