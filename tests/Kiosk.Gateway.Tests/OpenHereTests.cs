using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// "Is this ballot open at this gateway?" as the kiosk's pages ask it: the voting desk's one rule, on the gateway's clock
/// (GatewayOptions.Time), so a scheduled close takes effect by that clock and not by the machine's wall clock.
/// </summary>
public sealed class OpenHereTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_kiosk_stops_offering_a_ballot_at_its_scheduled_close_by_the_gateway_clock()
    {
        await VotingCli.FoundAsync(_cli);
        var time = await VotingCli.PublishClosingInAMinuteAsync(_cli, "p1"); // by the gateway's (fake) clock
        var codes = await VotingCli.IssueAsync(_cli, "p1", 1);
        await using var context = GatewayContext.Open(new GatewayOptions { DataPath = _cli.Data, GatewayKeyName = "gateway-hall", Time = time });
        var normalized = Voting.Ballots.VoterCode.Normalize(codes[0], out _)!;

        Assert.Equal(["p1"], BallotView.OpenHere(context).Select(b => b.Id));
        Assert.Equal(["p1"], BallotView.ForCode(context, normalized)!.Select(b => b.Ballot.Id));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(BallotView.OpenHere(context));
        Assert.Empty(BallotView.ForCode(context, normalized)!);
    }
}
