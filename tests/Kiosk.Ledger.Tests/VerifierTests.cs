using Kiosk.Ledger.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Tests;

/// <summary>The verifier trusts nothing the store says: tampering in place is found and the event named.</summary>
public sealed class VerifierTests
{
    private static async Task<(TempFolder Folder, string Path, AuthorKeyPair Gateway)> LedgerWithNotes(int notes)
    {
        var folder = new TempFolder();
        var path = folder.File("ledger.db");
        var founder = AuthorKeyPair.Generate();
        var gateway = AuthorKeyPair.Generate();
        var feeds = new OfflineFeeds(founder);
        var events = new List<LedgerEvent> { feeds.Genesis, feeds.EnrolGateway(founder, gateway) };
        for (var i = 0; i < notes; i++) events.Add(feeds.Note(gateway, $"note {i}"));
        await using var ledger = Ledger.Open(path, TestKinds.Options());
        await ledger.ReceiveAsync(events.Select(e => e.Raw).ToList());
        return (folder, path, gateway);
    }

    private static void Execute(string path, string sql, params (string, object)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    [Fact]
    public async Task A_clean_ledger_verifies_and_reports_its_state_hash()
    {
        var (folder, path, _) = await LedgerWithNotes(5);
        using (folder)
        {
            var report = LedgerVerifier.Verify(path, TestKinds.Create());
            Assert.True(report.IsValid, string.Join("; ", report.Problems));
            Assert.Equal(7, report.Events);
            await using var ledger = Ledger.Open(path, TestKinds.Options());
            Assert.Equal(ledger.StateHash(), report.StateHash);
        }
    }

    [Fact]
    public async Task A_body_edited_in_place_is_named_by_author_and_seq()
    {
        var (folder, path, gateway) = await LedgerWithNotes(5);
        using (folder)
        {
            byte[] raw;
            await using (var ledger = Ledger.Open(path, TestKinds.Options())) raw = ledger.ReadFeed(gateway.PublicKey, 3, 3).Single().Raw;
            var edited = (byte[])raw.Clone();
            var at = edited.AsSpan().IndexOf("note 2"u8);
            Assert.True(at > 0, "the body text is in the stored bytes");
            edited[at + 5] = (byte)'9';
            Execute(path, "UPDATE events SET raw = $r WHERE author = $a AND seq = 3", ("$r", edited), ("$a", gateway.PublicKey.ToArray()));

            var report = LedgerVerifier.Verify(path, TestKinds.Create());
            Assert.False(report.IsValid);
            var problem = Assert.Single(report.Problems, p => p.Seq == 3);
            Assert.Equal(gateway.PublicKey, problem.Author);
            Assert.Equal("IdMismatch", problem.Code);
            Assert.Contains($"{gateway.PublicKey.ShortHex}#3", problem.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_resigned_but_rechained_event_breaks_the_next_prev_link()
    {
        var (folder, path, gateway) = await LedgerWithNotes(3);
        using (folder)
        {
            // The stored id column is updated too, as a careful forger would: the signature then fails.
            byte[] raw;
            await using (var ledger = Ledger.Open(path, TestKinds.Options())) raw = ledger.ReadFeed(gateway.PublicKey, 2, 2).Single().Raw;
            raw[^70] ^= 1; // a body byte
            Execute(path, "UPDATE events SET raw = $r, id = $i WHERE author = $a AND seq = 2",
                ("$r", raw), ("$i", EventEncoding.IdOf(raw).ToArray()), ("$a", gateway.PublicKey.ToArray()));
            var report = LedgerVerifier.Verify(path, TestKinds.Create());
            Assert.Contains(report.Problems, p => p.Seq == 2 && p.Code is "BadSignature" or "MalformedBody");
            Assert.Contains(report.Problems, p => p.Seq == 3 && p.Code == "WrongPrev");
        }
    }

    [Fact]
    public async Task A_deleted_event_is_found_as_a_gap()
    {
        var (folder, path, gateway) = await LedgerWithNotes(4);
        using (folder)
        {
            Execute(path, "DELETE FROM events WHERE author = $a AND seq = 2", ("$a", gateway.PublicKey.ToArray()));
            var report = LedgerVerifier.Verify(path, TestKinds.Create());
            Assert.Contains(report.Problems, p => p.Seq == 3 && p.Code == "SeqGap");
        }
    }

    [Fact]
    public async Task Stale_projections_are_reported_and_rebuilt_from_the_events()
    {
        var (folder, path, _) = await LedgerWithNotes(2);
        using (folder)
        {
            Bytes32 hash;
            await using (var ledger = Ledger.Open(path, TestKinds.Options())) hash = ledger.StateHash();
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM feeds; DELETE FROM members;";
                command.ExecuteNonQuery();
            }
            var stale = LedgerVerifier.Verify(path, TestKinds.Create());
            Assert.Contains(stale.Problems, p => p.Code == "StaleProjection");

            await using (var ledger = Ledger.Open(path, TestKinds.Options())) await ledger.RebuildProjectionsAsync();
            var rebuilt = LedgerVerifier.Verify(path, TestKinds.Create());
            Assert.True(rebuilt.IsValid, string.Join("; ", rebuilt.Problems));
            Assert.Equal(hash, rebuilt.StateHash);
        }
    }
}
