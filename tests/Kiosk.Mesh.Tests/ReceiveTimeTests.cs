using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// "Secret votes: no receive time is stored or logged anywhere" (issue 11): a gateway that receives another gateway's
/// ballot-box votes keeps no moment of their arrival — no time column, no arrival order in its ledger's tables, and no
/// log line (at any level) that names a ballot box or one of its events.
/// </summary>
public sealed partial class ReceiveTimeTests
{
    [Fact]
    public async Task Secret_votes_relayed_to_a_gateway_leave_no_receive_time_in_its_tables_or_logs()
    {
        using var relay = AuthorKeyPair.Generate();
        await using var cluster = await MeshCluster.CreateAsync(2, relay);
        cluster.Log.MinimumLevel = LogLevel.Trace;
        var ballot = new BallotDefinition
        {
            Id = "lift", Title = new() { ["en"] = "Lift" }, Method = "plurality", Secret = true, BatchSize = 2,
            Options = [new BallotOption("a", new() { ["en"] = "A" }), new BallotOption("b", new() { ["en"] = "B" })],
        };
        var codes = Enumerable.Range(0, 2).Select(_ => VoterCode.Generate()).ToList();
        await cluster[0].Write(cluster.Facilitator, VotingKinds.BallotPublished, new BallotPublishedBody(ballot));
        foreach (var body in CodeIssuance.Bodies(["lift"], [.. codes.Select(c => VoterCode.Normalize(c, out _)!)])) await cluster[0].Write(cluster.Facilitator, VotingKinds.VoterCodesIssued, body);
        await cluster[0].Write(cluster.Facilitator, VotingKinds.BallotOpened, new BallotRefBody("lift"));
        var desk = new VotingDesk(cluster[0].Ledger, cluster[0].Key, new VotingDeskOptions { BallotBoxPath = Path.Combine(cluster.Folder, "g1-ballotbox.db") });
        foreach (var code in codes) Assert.True((await desk.CastWithCodeAsync("lift", code, ["a"])).IsAccepted);
        var boxEvents = cluster[0].Ledger.ReadFeed(desk.BallotBox);
        Assert.Equal(2, boxEvents.Count(e => e.Kind == VotingKinds.VoteCast)); // the batch of two is in the box

        await cluster.StartAsync((0, 1));
        await cluster.ConvergedAsync();
        // One more box event reaches g2 out of order: the one log line about a box event it did not take names neither.
        using var box = BallotBoxKey.Derive(cluster[0].Key);
        var stray = EventSigner.Sign(cluster[0].Ledger.Assembly!.Value, box, boxEvents[^1].Seq + 2, Bytes32.Read(RandomNumberGenerator.GetBytes(32)),
            0, VotingKinds.VoteCast, boxEvents.First(e => e.Kind == VotingKinds.VoteCast).Body.Span);
        await using (var peer = new HostilePeer(relay, cluster[0].Ledger.Assembly!.Value))
        {
            Assert.Equal(MqttClientConnectResultCode.Success, await peer.ConnectAsync(cluster[1].PeerPort));
            await peer.PublishAsync(peer.Topics.Of(Kiosk.Mesh.Protocol.TopicKind.Feed, desk.BallotBox), stray.Raw);
            await Poll.UntilAsync(() => cluster.Log.Contains("an event of a ballot box from") && cluster.Log.Contains("not taken: SeqGap"), () => cluster.Log.ToString());
        }

        // No log line at any level names the box, one of its events, or a vote.
        string[] secret = [desk.BallotBox.ToHex(), desk.BallotBox.ShortHex, .. boxEvents.Append(stray).SelectMany(e => (string[])[e.Id.ToHex(), e.Id.ShortHex]), VotingKinds.VoteCast, VotingKinds.BallotReceipts];
        foreach (var line in cluster.Log.Lines)
            foreach (var text in secret)
                Assert.False(line.Contains(text, StringComparison.OrdinalIgnoreCase), $"a log line gives away when a secret vote arrived ({text}): {line}");

        // The receiving gateway's ledger: no column that could hold a time, and no arrival order in the tables of events.
        Assert.True(cluster[1].Ledger.ReadFeed(desk.BallotBox).Count >= 3);
        using var connection = new SqliteConnection($"Data Source={cluster[1].Ledger.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = Tables(connection);
        Assert.Contains("events", tables.Keys);
        foreach (var (table, sql) in tables)
        {
            foreach (var column in Columns(connection, table))
                Assert.False(TimeLike().IsMatch(column), $"table {table} has a column '{column}' that could keep a receive time");
            if (table is "events" or "pending" or "equivocations")
                Assert.True(sql.Contains("WITHOUT ROWID", StringComparison.Ordinal), $"table {table} keeps rows in arrival order (a rowid): {sql}");
        }
    }

    private static Dictionary<string, string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read()) tables[reader.GetString(0)] = reader.GetString(1);
        return tables;
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    [GeneratedRegex("time|date|received|inserted|created|arrived|stamp|_at$|^at_|^when", RegexOptions.IgnoreCase)]
    private static partial Regex TimeLike();
}
