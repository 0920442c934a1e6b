using Kiosk.Hub.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>A gateway back from a week offline (50,000 events) catches up through Mosquitto, though the hub is killed in the middle and the broker restarted: nothing committed is lost, sync resumes, and the hub ends with the gateway's state hash.</summary>
[Collection(SharedPostgres.Name)]
public sealed class HubRecoveryTests(PostgresServer postgres)
{
    private const int Notices = 50_000; // a "week offline" of a busy assembly

    [Fact]
    public async Task A_hub_killed_during_catch_up_and_a_restarted_broker_lose_nothing_and_sync_resumes()
    {
        var (lab, _) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 1);
        await using var owned = lab;

        // While the gateway was offline, its facilitators wrote a long week of notices.
        await lab.WriteNoticesAsync(0, Notices);

        await lab.StartHubAsync();
        var before = 0L;
        await Poll.UntilAsync(() => (before = lab.Hub!.Status(lab.Assembly)?.Events ?? 0) > 0, () => lab.Hub!.Output, TimeSpan.FromSeconds(60));
        await lab.StartAsync(0);

        // Mid catch-up: the hub has taken some of the week, not all of it. Then kill -9, and the broker goes down too.
        long taken = 0;
        await Poll.UntilAsync(() => (taken = lab.Hub!.Status(lab.Assembly)?.Events ?? 0) > before + 500,
            () => $"the hub took nothing from g1:\n{lab.Hub!.Output}", TimeSpan.FromSeconds(120));
        await lab.KillHubAsync();
        Assert.True(taken < before + Notices, $"the catch-up was over before the kill ({taken} events): nothing was interrupted");
        await lab.Broker.RestartAsync();

        // Restarted, the hub holds at least what it reported committed before the kill, and catches up the rest.
        var restarted = DateTimeOffset.UtcNow;
        await lab.StartHubAsync();
        await Poll.UntilAsync(() => lab.Hub!.Status(lab.Assembly) is { } s && s.Written > restarted, () => lab.Hub!.Output, TimeSpan.FromSeconds(60));
        Assert.True(lab.Hub!.Status(lab.Assembly)!.Events >= taken, "events the hub had committed were lost in the kill");
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        Assert.Equal(lab.Gateways[0]!.Status!.Events, lab.Hub!.Status(lab.Assembly)!.Events);
    }
}
