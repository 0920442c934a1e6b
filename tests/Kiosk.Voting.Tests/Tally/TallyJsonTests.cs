using System.Text.Json;
using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>The JSON result schema of docs/tally-format.md.</summary>
public sealed class TallyJsonTests
{
    [Fact]
    public void Json_has_the_documented_fields_and_exact_decimal_numbers()
    {
        var r = Ok(ScottishStv.Count(Blt("gpus-2005.blt"), TallyRules.Default));
        var json = TallyJson.Write(r);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("stv-scottish", root.GetProperty("method").GetString());
        Assert.Equal(4, root.GetProperty("winners").GetArrayLength());
        var round2 = root.GetProperty("rounds")[1];
        Assert.Equal(2, round2.GetProperty("round").GetInt32());
        Assert.Equal(19m, round2.GetProperty("threshold").GetDecimal());
        Assert.Equal(12.45448m, round2.GetProperty("tally").GetProperty("Kristen Olsen").GetDecimal());
        Assert.Contains("\"Kristen Olsen\": 12.45448", json, StringComparison.Ordinal);
        foreach (var key in new[] { "overvotes", "skippedRankings", "exhaustedChoices", "repeatedRankings" })
            Assert.Equal(JsonValueKind.Number, round2.GetProperty("inactive").GetProperty(key).ValueKind);
        Assert.Equal(JsonValueKind.Array, round2.GetProperty("elected").ValueKind);
        Assert.Equal(JsonValueKind.Array, round2.GetProperty("eliminated").ValueKind);
        var transfers = root.GetProperty("rounds")[0].GetProperty("transfers").GetProperty("Rebecca Rotzler");
        Assert.Equal(11.45448m, transfers.GetProperty("Kristen Olsen").GetDecimal());
    }

    [Fact]
    public void Json_is_byte_identical_for_the_same_input()
    {
        var e = Blt("gpus-2005.blt");
        Assert.Equal(TallyJson.Write(Ok(MeekStv.Count(e, TallyRules.Default))), TallyJson.Write(Ok(MeekStv.Count(e, TallyRules.Default))));
    }

    [Fact]
    public void Schulze_json_has_ranking_and_both_matrices()
    {
        var r = Ok(Schulze.Count(Ranked("A,B,C", (3, "A,B,C"), (2, "B,C,A")), TallyRules.Default));
        using var doc = JsonDocument.Parse(TallyJson.Write(r));
        Assert.Equal("A", doc.RootElement.GetProperty("ranking")[0][0].GetString());
        Assert.Equal(3m, doc.RootElement.GetProperty("pairwise").GetProperty("A").GetProperty("B").GetDecimal());
        Assert.Equal(5m, doc.RootElement.GetProperty("strongestPaths").GetProperty("B").GetProperty("C").GetDecimal());
    }
}
