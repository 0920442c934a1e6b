using System.Text;
using Kiosk.Voting.Ballots;
using Microsoft.Data.Sqlite;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Promise 7: a secret ballot stores nothing that links a person (or a moment at a kiosk) to a choice.</summary>
public sealed class SecrecyTests
{
    [Fact]
    public async Task Stored_rows_hold_no_code_and_only_a_coarse_time_for_secret_votes()
    {
        await using var world = await VotingWorld.CreateAsync();
        var codes = await world.PublishAndOpen(VotingWorld.Ballot("lift", "yes-no", VotingWorld.YesNo, secret: true), codes: 3);
        world.Time.Advance(TimeSpan.FromMinutes(7));
        foreach (var code in codes) Assert.True((await world.Desk.CastWithCodeAsync("lift", code, ["yes"])).IsAccepted);

        // Every byte of every table, as someone holding the SD card would read it: the ledger and the ballot-box queue.
        var everything = DumpDatabase(world.DatabasePath(0)) + DumpDatabase(world.Desk.Queue.Path);
        foreach (var code in codes)
        {
            var normalized = VoterCode.Normalize(code, out _)!;
            Assert.DoesNotContain(code, everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(normalized, everything, StringComparison.OrdinalIgnoreCase);
        }
        var votes = world.Home.ReadAll().Where(e => e.Kind == VotingKinds.VoteCast).ToList();
        Assert.Equal(3, votes.Count);
        var granularity = (long)new VotingDeskOptions().SecretTimeGranularity.TotalMilliseconds;
        Assert.All(votes, v => Assert.Equal(0, v.AuthorTimeMs % granularity));
        // The three votes, cast at different moments, carry the same time.
        Assert.Single(votes.Select(v => v.AuthorTimeMs).Distinct());
        // They sit in the gateway's ballot box, not in its own feed.
        Assert.All(votes, v => Assert.Equal(world.Desk.BallotBox, v.Author));
        // A vote names no device, member or person: only the code's per-ballot credential and the choice.
        Assert.All(votes, v =>
        {
            var body = Encoding.UTF8.GetString(v.Body.Span);
            Assert.DoesNotContain("device", body, StringComparison.Ordinal);
            Assert.DoesNotContain("member", body, StringComparison.Ordinal);
        });
        // No table records when a row was received.
        Assert.DoesNotContain("received", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_open_roll_call_ballot_keeps_exact_times_and_names_members()
    {
        await using var world = await VotingWorld.CreateAsync();
        await world.Write(world.Facilitator, Kiosk.Ledger.EventKinds.DeviceEnrolled,
            new Kiosk.Ledger.Bodies.DeviceEnrolledBody("button-1", world.GatewayKeys[0].PublicKey.ToHex(), "Button 1", "Flat 1A"));
        await world.PublishAndOpen(VotingWorld.Ballot("budget", "yes-no", VotingWorld.YesNo, secret: false, eligibility: BallotDefinition.ByRollCall), codes: 0);
        world.Time.Advance(TimeSpan.FromSeconds(7.5));
        var outcome = await world.Desk.CastWithDeviceAsync("budget", "button-1", ["no"]);
        Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
        var vote = world.Home.ReadAll().Single(e => e.Kind == VotingKinds.VoteCast);
        Assert.Equal(world.Time.GetUtcNow().ToUnixTimeMilliseconds(), vote.AuthorTimeMs);
        Assert.Contains("Flat 1A", Encoding.UTF8.GetString(vote.Body.Span), StringComparison.Ordinal);
    }

    private static string DumpDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        var text = new StringBuilder();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            text.Append(table).Append('\n');
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            for (var c = 0; c < reader.FieldCount; c++) text.Append(reader.GetName(c)).Append(' ');
            while (reader.Read())
                for (var c = 0; c < reader.FieldCount; c++)
                    text.Append(reader.GetValue(c) switch { byte[] b => Encoding.Latin1.GetString(b) + Convert.ToHexString(b), var v => v.ToString() }).Append('|');
        }
        // The raw file too (free pages and the WAL can hold old rows).
        text.Append(Encoding.Latin1.GetString(File.ReadAllBytes(path)));
        if (File.Exists(path + "-wal")) text.Append(Encoding.Latin1.GetString(File.ReadAllBytes(path + "-wal")));
        return text.ToString();
    }
}
