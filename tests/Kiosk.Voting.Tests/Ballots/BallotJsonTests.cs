using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>
/// Voting bodies go through source-generated contracts (no reflection, for Native AOT). Those must have the body options,
/// keep the defaults a ballot file may leave out, and write the bytes reflection wrote.
/// </summary>
public sealed class BallotJsonTests
{
    [Fact]
    public void The_voting_body_contracts_have_the_body_options() => BodyOptionsAssert.HasBodySettings(VotingJson.Default.Options);

    [Fact]
    public void A_ballot_without_its_optional_members_keeps_their_defaults()
    {
        var json = """{"id":"paint","title":{"en":"Paint"},"method":"plurality","options":[{"id":"red","label":{"en":"Red"}}]}"""u8.ToArray();
        Assert.True(BodyJson.TryRead<BallotDefinition>(json, out var ballot, out var error), error);
        Assert.Equal(1, ballot.Seats);
        Assert.Equal(BallotDefinition.ByCodes, ballot.Eligibility);
        Assert.True(ballot.Secret);
        Assert.Equal(BallotDefinition.LastCounts, ballot.Revote);
        Assert.Equal("simple-majority", ballot.Threshold);
    }

    [Fact]
    public void A_ballot_is_written_as_reflection_wrote_it()
    {
        var ballot = new BallotDefinition
        {
            Id = "budget",
            Title = new() { ["en"] = "Budget", ["es"] = "Presupuesto" },
            Method = "equal-shares",
            Options = [new("park", new() { ["en"] = "Park" }, Cost: 1500.50m), new("bench", new() { ["en"] = "Bench" })],
            Budget = 2000m,
            Currency = "€",
            Secret = false,
            Eligibility = BallotDefinition.ByRollCall,
            ClosesAt = new DateTimeOffset(2026, 12, 4, 18, 0, 0, TimeSpan.FromHours(1)),
            Rules = new() { ["tieBreak"] = "random" },
        };
        var reflection = new JsonSerializerOptions(BodyJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var body = new BallotPublishedBody(ballot);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(body, reflection), BodyJson.Write(body));
        var vote = new VoteCastBody("budget", ["park"], 3, Credential: "abc");
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(vote, reflection), BodyJson.Write(vote));
    }
}
