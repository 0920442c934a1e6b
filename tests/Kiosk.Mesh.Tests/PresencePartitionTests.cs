using System.Text.Json;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// Two rooms of one assembly, each with its own <c>kiosk run</c> gateway, linked over real TLS through a relay: members
/// check in at both while the link is cut, and once the rooms meet both gateways count the same people present and the
/// same quorum: the union of the check-ins, a member checked in at both rooms once, and a later check-out winning over
/// an earlier check-in made in the other room.
/// </summary>
public sealed class PresencePartitionTests
{
    private const string Meeting = "december";

    [Fact]
    public async Task Check_ins_made_in_two_cut_off_rooms_count_together_once_the_rooms_meet()
    {
        await using var lab = await MeshLab.CreateAsync(2);
        await using var relay = new TcpRelay(lab.Ports[1]);
        await lab.AddPeerAsync(0, 1, relay.Port);
        // Five members, half of them (3) make the quorum.
        await KioskCliRun.Ok(lab.Data(0), "meeting", "open", Meeting, "--members", "5", "--quorum", "1/2");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await lab.StartAsync();
        await lab.ConvergedAsync(DateTimeOffset.UtcNow);

        relay.Cut();
        // Each room has its own facilitator at the console (one signing key per room: a key used on both sides of a
        // partition would fork its feed). The founder checks members in at g1, Ana at g2.
        await CheckAsync(lab, 0, "check-in", "Flat 1A", "founder");
        await CheckAsync(lab, 0, "check-in", "Flat 2B", "founder");
        await CheckAsync(lab, 0, "check-in", "Flat 3C", "founder");
        await CheckAsync(lab, 1, "check-in", "Flat 2B", "Ana");
        await CheckAsync(lab, 1, "check-in", "Flat 4D", "Ana");
        await CheckAsync(lab, 1, "check-out", "Flat 3C", "Ana"); // later than g1's check-in of Flat 3C

        var room1 = await ShowAsync(lab, 0);
        var room2 = await ShowAsync(lab, 1);
        Assert.Equal(["Flat 1A", "Flat 2B", "Flat 3C"], Present(room1));
        Assert.True(room1.GetProperty("quorate").GetBoolean());
        Assert.Equal(["Flat 2B", "Flat 4D"], Present(room2));
        Assert.False(room2.GetProperty("quorate").GetBoolean());

        relay.Heal();
        await lab.ConvergedAsync(DateTimeOffset.UtcNow);
        var shown = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => KioskCliRun.Ok(lab.Data(i), "meeting", "show", Meeting)));
        Assert.Equal(shown[0].Output, shown[1].Output);
        Assert.StartsWith($"{Meeting}: present 3 of 5 — quorum 3 ✓", shown[0].Output, StringComparison.Ordinal);
        foreach (var i in new[] { 0, 1 })
        {
            var met = await ShowAsync(lab, i);
            Assert.Equal(["Flat 1A", "Flat 2B", "Flat 4D"], Present(met));
            Assert.True(met.GetProperty("quorate").GetBoolean());
        }
    }

    private static Task<KioskCliRun.Run> CheckAsync(MeshLab lab, int gateway, string action, string member, string facilitator) =>
        KioskCliRun.Ok(lab.Data(gateway), "meeting", action, Meeting, "--member", member, "--as", facilitator);

    private static async Task<JsonElement> ShowAsync(MeshLab lab, int gateway) =>
        (await KioskCliRun.Ok(lab.Data(gateway), "meeting", "show", Meeting, "--json")).Json;

    private static List<string> Present(JsonElement shown) =>
        [.. shown.GetProperty("present").EnumerateArray().Select(p => p.GetProperty("member").GetString()!)];
}
