using System.Net;
using System.Text.RegularExpressions;
using Kiosk.Hub.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests;

/// <summary>
/// The hub's public pages (<c>kiosk hub run</c>, real PostgreSQL and Mosquitto): the assemblies it holds, and per
/// assembly its ballots with status, turnout, receipt trackers (the same as the gateway's board lists), and results only
/// once the ballot shows them; never a voter code or a key.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed partial class HubPagesTests(PostgresServer postgres)
{
    [Fact]
    public async Task The_hub_shows_each_assemblys_results_like_the_board_and_hides_what_a_ballot_hides_until_close()
    {
        var (lab, codes) = await HubLab.CreateAsync(postgres, count: 1, ballot: "paint", codes: 2);
        await using var owned = lab;
        await lab.StartHubAsync();
        await lab.StartAsync(0);
        await lab.VoteAsync(0, codes[0], "a");
        await lab.CountedAsync(0, "paint", 1);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        using var http = new HttpClient { BaseAddress = lab.Hub!.Web };

        // Operations beside the pages: g1 linked now, nothing left to catch up.
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains($"kiosk_hub_gateways_connected{{assembly=\"{lab.Assembly}\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"kiosk_hub_lag_events{{assembly=\"{lab.Assembly}\"}} 0\n", metrics, StringComparison.Ordinal);

        // The front page lists the assembly, in the asked language too.
        var index = await http.GetStringAsync("");
        Assert.Contains("Hub lab", index, StringComparison.Ordinal);
        Assert.Contains($"href=\"/assemblies/{lab.Assembly}?lang=en\"", index, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\"", await http.GetStringAsync("?lang=es"), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\"", await http.GetStringAsync("?lang=ar"), StringComparison.Ordinal);
        using (var missing = await http.GetAsync("assemblies/not-an-assembly"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Open, secret, results hidden until close: status, turnout and the board's trackers, no result.
        var open = await http.GetStringAsync($"assemblies/{lab.Assembly}");
        Assert.Contains("Ballot paint", open, StringComparison.Ordinal);
        Assert.Contains("badge-open", open, StringComparison.Ordinal);
        Assert.Contains("Results are shown when the ballot closes.", open, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"result\"", open, StringComparison.Ordinal);
        var trackers = Trackers(await new HttpClient().GetStringAsync(new Uri(lab.Gateways[0]!.Kiosk, "/board")));
        Assert.NotEmpty(trackers);
        Assert.Equal(trackers, Trackers(open));
        Secretless(open, lab, codes);

        // Closed (on the gateway; the close reaches the hub): the result with its rounds, provisional or final.
        await lab.StopAsync(0);
        await KioskCliRun.Ok(lab.Data(0), "ballot", "close", "paint");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await lab.StartAsync(0);
        await lab.InStepWithHubAsync(0, DateTimeOffset.UtcNow);
        var closed = await http.GetStringAsync($"assemblies/{lab.Assembly}");
        Assert.Matches("badge-(provisional|final)", closed);
        Assert.Contains("class=\"result\"", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("Results are shown when the ballot closes.", closed, StringComparison.Ordinal);
        Assert.Equal(trackers, Trackers(closed));
        Secretless(closed, lab, codes);
    }

    /// <summary>No voter code, and no key of the hub or the assembly's founder, is on a public page.</summary>
    private static void Secretless(string page, HubLab lab, IReadOnlyList<string> codes)
    {
        foreach (var code in codes) Assert.DoesNotContain(code, page, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.HubKey, page, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Trackers(string page) =>
        [.. TrackerList().Matches(page).SelectMany(m => Item().Matches(m.Groups[1].Value).Select(i => i.Groups[1].Value)).Order(StringComparer.Ordinal)];

    [GeneratedRegex("<ul class=\"tracker-list\">(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex TrackerList();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex Item();
}
