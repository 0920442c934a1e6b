using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Devices.Tests;

/// <summary>
/// What buttons are offered follows the one rule of what is open at this gateway, on the gateway's clock: a roll-call
/// ballot past its scheduled close is never published as current, even before anyone writes CloseSeen.
/// </summary>
public sealed class CurrentBallotScheduleTests
{
    private static readonly string[] YesNoAbstain = ["yes", "no", "abstain"];

    [Fact]
    public async Task A_ballot_past_its_scheduled_close_is_not_offered_to_buttons()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 6, 30, 19, 0, 0, TimeSpan.Zero));
        await using var ledger = Kiosk.Ledger.Ledger.Open(folder.File("ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry(), Time = time });
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        async Task Write<T>(string kind, T body) where T : ICheckedBody =>
            Assert.True((await ledger.AppendAsync(founder, kind, BodyJson.Write(body))).IsCommitted, kind);
        Assert.True((await ledger.FoundAsync(founder, "Schedule", ["en"])).IsCommitted);
        await Write(EventKinds.GatewayEnrolled, new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "hall"));
        await Write(VotingKinds.BallotPublished, new BallotPublishedBody(new BallotDefinition
        {
            Id = "motion",
            Title = new() { ["en"] = "Motion" },
            Method = "yes-no",
            Options = [.. YesNoAbstain.Select(o => new BallotOption(o, new() { ["en"] = o }))],
            Eligibility = BallotDefinition.ByRollCall,
            Secret = false,
            ClosesAt = time.GetUtcNow().AddMinutes(30),
        }));
        await Write(VotingKinds.BallotOpened, new BallotRefBody("motion"));
        var desk = new VotingDesk(ledger, gateway, new VotingDeskOptions { Time = time });

        Assert.Equal(("open", "motion"), (CurrentBallotPublisher.Compute(desk).State, CurrentBallotPublisher.Compute(desk).Ballot));
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(CurrentBallot.None, CurrentBallotPublisher.Compute(desk));
        Assert.False(desk.IsOpenHere("motion"));
    }
}
