using Kiosk.Gateway.Host;
using Kiosk.Mesh.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// A running gateway writes its CloseSeen for a ballot whose scheduled close passed while it could not write (its feeds
/// held: the start-up check with its peers, a recovery) as soon as the hold ends, with no commit and no timer tick to
/// prompt it: the periodic check is switched off here, so only the end of the hold can.
/// </summary>
public sealed class ScheduledCloserTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_close_that_fell_due_while_the_gateway_was_held_is_written_when_the_hold_ends()
    {
        await VotingCli.FoundAsync(_cli);
        var time = await VotingCli.PublishClosingInAMinuteAsync(_cli, "scheduled"); // by the gateway's (fake) clock
        await VotingCli.PublishAndOpenAsync(_cli, VotingCli.Plurality("by-hand"), "by-hand");
        await using var host = await GatewayHost.StartAsync(new GatewayOptions
        {
            DataPath = _cli.Data, GatewayKeyName = "gateway-hall", Time = time, CloseCheckInterval = Timeout.InfiniteTimeSpan,
        });
        var closer = host.Services.GetServices<IHostedService>().OfType<ScheduledCloser>().Single();
        var ledger = host.Context.Ledger;
        var gateway = host.Context.Desk.Gateway;
        await Poll.UntilAsync(() => closer.Checks >= 1, () => "the closer never made its start-up check", Deadline);
        // The ballot box is declared first: that commit, after the hold, would also wake the closer.
        await Poll.UntilAsync(() => ledger.Authority.BallotBoxOf(gateway) is not null, () => "the gateway never declared its ballot box", Deadline);

        ledger.HoldFeed(gateway, "a test holds it, as the start-up check with peers would");
        time.Advance(TimeSpan.FromMinutes(2)); // "scheduled" is due now, by the gateway's clock
        // A facilitator's close commits (the command line writes into the running gateway's folder): the closer checks,
        // but may not write.
        var before = closer.Checks;
        await _cli.Ok("ballot", "close", "by-hand");
        await Poll.UntilAsync(() => closer.Checks > before, () => "the closer never checked after the facilitator's close", Deadline);
        Assert.Null(CloseSeen(host, "scheduled"));
        Assert.Null(CloseSeen(host, "by-hand"));

        Assert.True(ledger.ReleaseFeed(gateway));
        await Poll.UntilAsync(() => CloseSeen(host, "scheduled") is not null && CloseSeen(host, "by-hand") is not null,
            () => $"no CloseSeen after the hold ended (checks: {closer.Checks})", Deadline);
    }

    /// <summary>When this gateway's CloseSeen of <paramref name="ballot"/> says it saw the close; null before it wrote one.</summary>
    private static long? CloseSeen(GatewayHost host, string ballot)
    {
        host.Context.Desk.Refresh();
        return host.Context.Desk.Read((projection, _) => projection.CloseSeenAt(ballot, host.Context.Desk.Gateway));
    }
}
