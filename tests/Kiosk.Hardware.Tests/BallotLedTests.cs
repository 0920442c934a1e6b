using System.Text.Json;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Hardware.Tests;

/// <summary>The wired station as a roll-call voting station: LEDs follow the ballot and the selection; confirm votes.</summary>
public sealed class BallotLedTests
{
    private static readonly string[] YesNoAbstain = ["yes", "no", "abstain"];

    [Fact]
    public async Task Leds_show_the_options_then_the_selection_and_go_dark_when_nothing_is_open()
    {
        using var folder = new TempFolder();
        var (ledger, desk) = await RollCallDeskAsync(folder);
        await using var owned = ledger;
        using var world = new StationWorld();
        using var voting = new WiredVotingStation(world.Station, desk, "wired-1");

        voting.ShowBallot("b1", ["yes", "no", "abstain"]);
        Assert.Equal(new HashSet<string> { "yes", "no", "abstain" }, world.Station.LitLeds);
        Assert.True(world.LedOn("yes") && world.LedOn("no") && world.LedOn("abstain") && !world.LedOn("confirm"));

        world.Click("no");
        Assert.True(world.LedOn("no") && world.LedOn("confirm") && !world.LedOn("yes") && !world.LedOn("abstain"));

        world.Driver.Press(world.Button("confirm"));
        world.Advance(1000);
        world.Driver.Release(world.Button("confirm"));
        world.Advance(50);
        Assert.True(world.LedOn("yes") && world.LedOn("no") && world.LedOn("abstain") && !world.LedOn("confirm"));

        voting.ShowBallot(null, []);
        Assert.Empty(world.Station.LitLeds);
        Assert.False(world.LedOn("yes") || world.LedOn("no") || world.LedOn("abstain") || world.LedOn("confirm"));
    }

    [Fact]
    public async Task Select_and_confirm_casts_a_committed_roll_call_vote_and_beeps()
    {
        using var folder = new TempFolder();
        var (ledger, desk) = await RollCallDeskAsync(folder);
        await using var owned = ledger;
        using var world = new StationWorld();
        using var voting = new WiredVotingStation(world.Station, desk, "wired-1");
        var voted = new TaskCompletionSource<VoteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        voting.Voted += (_, o) => voted.TrySetResult(o);
        voting.ShowBallot("b1", ["yes", "no", "abstain"]);

        world.Click("yes");
        world.Click("confirm");
        var outcome = await voted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
        Assert.Equal([WiredVotingStation.AcceptedHz], world.Buzzer.Tones);
        var vote = ledger.ReadApplied(VotingKinds.VoteCast).Select(e => JsonSerializer.Deserialize<VoteCastBody>(e.Body.Span, BodyJson.Options)!).Single();
        Assert.Equal(("wired-1", "Flat 3C", "yes"), (vote.Device, vote.Member, vote.Choice.Single()));
    }

    [Fact]
    public async Task A_vote_the_ledger_cannot_record_gives_the_refusal_tone_resets_the_leds_and_is_logged()
    {
        using var folder = new TempFolder();
        var (ledger, desk) = await RollCallDeskAsync(folder);
        using var world = new StationWorld();
        var log = new ListLogger();
        using var voting = new WiredVotingStation(world.Station, desk, "wired-1", log);
        var voted = new TaskCompletionSource<VoteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        voting.Voted += (_, o) => voted.TrySetResult(o);
        voting.ShowBallot("b1", ["yes", "no", "abstain"]);

        await ledger.DisposeAsync(); // the store goes away under the station (a failed disk, a stopped ledger)
        world.Click("yes");
        world.Click("confirm");
        var outcome = await voted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(outcome.IsAccepted);
        Assert.Equal(VoteRefusalReason.NotRecorded, outcome.Refusal!.Reason);
        Assert.Equal([WiredVotingStation.RefusedHz], world.Buzzer.Tones);
        Assert.True(world.LedOn("yes") && world.LedOn("no") && world.LedOn("abstain") && !world.LedOn("confirm"));
        Assert.Contains(log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("b1", StringComparison.Ordinal));
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<(Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
        }
    }

    /// <summary>A ledger with this gateway, the wired station enrolled to member "Flat 3C", and roll-call ballot b1 open.</summary>
    private static async Task<(Kiosk.Ledger.Ledger, VotingDesk)> RollCallDeskAsync(TempFolder folder)
    {
        var ledger = Kiosk.Ledger.Ledger.Open(folder.File("ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        using var founder = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate(); // owned by the desk for the test's length
        Assert.True((await ledger.FoundAsync(founder, "Wired test", ["en"])).IsCommitted);
        async Task Write<T>(string kind, T body) where T : ICheckedBody => Assert.True((await ledger.AppendAsync(founder, kind, BodyJson.Write(body))).IsCommitted);
        await Write(EventKinds.GatewayEnrolled, new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "hall"));
        await Write(EventKinds.DeviceEnrolled, new DeviceEnrolledBody("wired-1", gateway.PublicKey.ToHex(), "Wired station", "Flat 3C"));
        await Write(VotingKinds.BallotPublished, new BallotPublishedBody(new BallotDefinition
        {
            Id = "b1", Title = new() { ["en"] = "Fix the lift" }, Method = "yes-no", Eligibility = BallotDefinition.ByRollCall, Secret = false,
            Options = [.. YesNoAbstain.Select(o => new BallotOption(o, new() { ["en"] = o }))],
        }));
        await Write(VotingKinds.BallotOpened, new BallotRefBody("b1"));
        return (ledger, new VotingDesk(ledger, gateway));
    }
}
