using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Presence;

namespace Kiosk.Web.Tests;

/// <summary>The board shows "present N of M — quorum Q ✓" for a running meeting, from the ledger's presence events, and nothing once it ends.</summary>
public sealed class PresenceBoardTests
{
    [Fact]
    public async Task The_board_shows_who_is_present_against_the_quorum_and_drops_the_line_when_the_meeting_ends()
    {
        var dataPath = Directory.CreateTempSubdirectory("kiosk-presence").FullName;
        try
        {
            var data = new DataFolder(new DirectoryInfo(dataPath));
            await DemoAssembly.CreateAsync(data, 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(dataPath));
            using var founder = data.ReadKey(DataFolder.FounderKeyName);
            var ledger = host.Context.Ledger;
            var gateway = host.Context.GatewayKey;
            using var http = new HttpClient { BaseAddress = host.ResidentUri };

            Assert.DoesNotContain("class=\"presence\"", await http.GetStringAsync("board/fragment"), StringComparison.Ordinal);

            await ledger.AppendOrFailAsync(founder, PresenceKinds.MeetingOpened, new MeetingOpenedBody("december", 6, 1, 3), CancellationToken.None);
            await ledger.AppendOrFailAsync(gateway, PresenceKinds.PresenceRecorded, new PresenceRecordedBody("december", "Flat 2B", PresenceRecordedBody.In, PresenceRecordedBody.Card, "door reader"), CancellationToken.None);
            Assert.Contains("present 1 of 6 — quorum 2 ✗", await http.GetStringAsync("board/fragment"), StringComparison.Ordinal);

            await ledger.AppendOrFailAsync(founder, PresenceKinds.PresenceRecorded, new PresenceRecordedBody("december", "Flat 3A", PresenceRecordedBody.In, PresenceRecordedBody.Console, "Ana"), CancellationToken.None);
            var board = await http.GetStringAsync("board/fragment");
            Assert.Contains("present 2 of 6 — quorum 2 ✓", board, StringComparison.Ordinal);
            Assert.DoesNotContain("Flat 2B", board, StringComparison.Ordinal);   // names are for the console, not the wall
            Assert.Contains("presentes 2 de 6 — quórum 2 ✓", await http.GetStringAsync("board/fragment?lang=es"), StringComparison.Ordinal);

            await ledger.AppendOrFailAsync(founder, PresenceKinds.MeetingEnded, new MeetingRefBody("december"), CancellationToken.None);
            Assert.DoesNotContain("class=\"presence\"", await http.GetStringAsync("board/fragment"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
