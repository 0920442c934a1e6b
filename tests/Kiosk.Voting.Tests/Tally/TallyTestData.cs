using Kiosk.Voting.Tally;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>Helpers shared by the tally tests: data files and tally lookups.</summary>
internal static class TallyTestData
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tally", "Data", name));

    public static RankedElection Blt(string name)
    {
        var read = BltReader.Read(Read(name));
        Assert.True(read.Ok, read.Error?.ToString());
        return read.Value!;
    }

    public static TallyResult Ok(Outcome<TallyResult> outcome)
    {
        Assert.True(outcome.Ok, outcome.Error?.ToString());
        return outcome.Value!;
    }

    public static decimal Of(this TallyRound round, string name) => round.Tally.Single(t => t.Name == name).Value;

    public static RankedElection Ranked(string candidates, params (decimal Weight, string Ballot)[] ballots) =>
        RankedElection.FromNames(
            candidates.Split(','),
            ballots.Select(b => (b.Weight, b.Ballot.Length == 0 ? Array.Empty<string>() : b.Ballot.Split(','))).ToArray());
}
