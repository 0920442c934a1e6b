using System.Text.RegularExpressions;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// A gateway keeps each feed it writes a second time: a signed head record beside the database. Losing the newest
/// events is then found even when the feeds table was fixed to match, and the feed is not written again until the
/// lost events are back (writing the same seq twice would fork it).
/// </summary>
public sealed partial class HeadRecordTests
{
    /// <summary>Deletes a feed's newest event and fixes the feeds table to match, as a careful forger would.</summary>
    private static void DeleteNewest(AuthoredLedger built, Bytes32 author)
    {
        Assert.Equal(1, built.Execute($"DELETE FROM events WHERE author = x'{author.ToHex()}' AND seq = (SELECT MAX(seq) FROM events WHERE author = x'{author.ToHex()}')"));
        Assert.Equal(1, built.Execute($"""
            UPDATE feeds SET head_seq = (SELECT MAX(seq) FROM events WHERE author = x'{author.ToHex()}'),
              head_id = (SELECT id FROM events WHERE author = x'{author.ToHex()}' ORDER BY seq DESC LIMIT 1)
            WHERE author = x'{author.ToHex()}'
            """));
    }

    [Fact]
    public async Task Deleting_a_feeds_newest_event_with_the_feeds_table_fixed_is_found_by_the_head_record()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 5);
        DeleteNewest(built, built.Gateway.PublicKey);
        var report = built.Verify();
        // Every table agrees with the events now; only the head record knows a vote is gone.
        var problem = Assert.Single(report.Problems);
        Assert.Equal(VerifyCodes.FeedRolledBack, problem.Code);
        Assert.Equal("own feed rolled back: head record says #5, ledger ends at #4", problem.Message);
        Assert.Equal(built.Gateway.PublicKey, problem.Author);
        Assert.False(built.Check().IsValid);
    }

    [Fact]
    public async Task A_rolled_back_feed_is_not_written_again_until_its_lost_events_are_received_back()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 3);
        var lost = built.Raw[(built.Gateway.PublicKey, 3)];
        DeleteNewest(built, built.Gateway.PublicKey);
        await using var ledger = built.Open();
        var refused = await ledger.AppendAsync(built.Gateway, TestKinds.Note, TestKinds.NoteBody("would be a second #3"));
        Assert.Equal(RejectReason.FeedRolledBack, refused.Rejection?.Reason);
        Assert.Contains("head record says #3, ledger ends at #2", refused.Rejection!.Message, StringComparison.Ordinal);
        // Other feeds are not held back.
        Assert.True((await ledger.AppendAsync(built.Ana, EventKinds.DeviceRevoked, Bodies.BodyJson.Write(new Bodies.DeviceRevokedBody("button-1")))).IsCommitted);

        Assert.True((await ledger.ReceiveAsync(lost)).IsAccepted);
        var resumed = await ledger.AppendAsync(built.Gateway, TestKinds.Note, TestKinds.NoteBody("#4"));
        Assert.Equal(4, resumed.Event?.Seq);
    }

    [Fact]
    public async Task A_record_naming_another_event_at_its_seq_is_a_rewritten_feed()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 2);
        var record = HeadRecordFile(built, built.Gateway.PublicKey);
        var other = new HeadRecord(built.Verify().Assembly!.Value, built.Gateway.PublicKey, 2, Bytes32.Read(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllBytesAsync(record, other.Sign(built.Gateway));
        var problem = Assert.Single(built.Verify().Problems);
        Assert.Equal(VerifyCodes.FeedRewritten, problem.Code);
        await using var ledger = built.Open();
        Assert.Equal(RejectReason.FeedRolledBack, (await ledger.AppendAsync(built.Gateway, TestKinds.Note, TestKinds.NoteBody("x"))).Rejection?.Reason);
    }

    [Fact]
    public async Task A_damaged_or_misnamed_record_is_reported()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 1);
        var record = HeadRecordFile(built, built.Gateway.PublicKey);
        var bytes = await File.ReadAllBytesAsync(record);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(record, bytes);
        Assert.Contains(built.Verify().Problems, p => p.Code == VerifyCodes.BadHeadRecord && p.Message.Contains("signature does not verify", StringComparison.Ordinal));

        bytes[^1] ^= 1;
        File.Delete(record);
        await File.WriteAllBytesAsync(HeadRecordFile(built, built.Ana.PublicKey), bytes);
        Assert.Contains(built.Verify().Problems, p => p.Code == VerifyCodes.BadHeadRecord && p.Message.Contains("holds the record of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_replaced_by_another_assemblys_is_found_by_the_records_left_beside_it()
    {
        using var first = await AuthoredLedger.CreateAsync(notes: 1);
        using var second = await AuthoredLedger.CreateAsync(notes: 1);
        File.Copy(second.Path, first.Path, overwrite: true);
        Assert.Contains(first.Verify().Problems, p => p.Code == VerifyCodes.ForeignHeadRecord);
    }

    [Fact]
    public async Task A_ledger_without_head_records_still_verifies()
    {
        // Ledgers made before head records existed, or only received (an import), have none: that is no problem.
        using var built = await AuthoredLedger.CreateAsync(notes: 2);
        Directory.Delete(built.HeadRecords, recursive: true);
        var report = built.Verify();
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(0, report.HeadRecords);
        Assert.True(built.Check().IsValid);
    }

    [Fact]
    public async Task The_start_up_check_lets_the_head_records_vouch_for_the_signatures_of_their_feeds()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 5);
        var full = built.Verify();
        var quick = built.Check();
        Assert.True(quick.IsValid, string.Join("; ", quick.Problems));
        Assert.Equal(full.StateHash, quick.StateHash);
        Assert.Equal(full.Events, full.SignaturesChecked);
        Assert.Equal(0, quick.SignaturesChecked);

        // An event edited in place breaks the chain the record vouches through: the check still finds it.
        built.Execute("UPDATE events SET raw = CAST(REPLACE(CAST(raw AS TEXT), 'note 2', 'note 9') AS BLOB) WHERE author = $gateway AND seq = 3");
        Assert.Contains(built.Check().Problems, p => p.Code == VerifyCodes.IdMismatch && p.Seq == 3);
    }

    [Fact]
    public void The_documented_head_record_vector_is_what_signing_gives()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "ledger-format.md"));
        var documented = HeadRecordVector().Match(doc).Groups[1].Value.Replace("\n", "", StringComparison.Ordinal);
        using var key = AuthorKeyPair.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.True(AssemblyId.TryParse("c60d3522d4a8cc65c4cc40128c8eadd0", out var assembly));
        Assert.True(Bytes32.TryParseHex("5343de508fcdb55785ba63c217d4a3e2298a9b7ac3882bf8f6639aaa73450679", out var id));
        var record = new HeadRecord(assembly, key.PublicKey, 2, id);
        Assert.Equal(documented, Convert.ToHexStringLower(record.Sign(key)));
        Assert.True(HeadRecord.TryRead(Convert.FromHexString(documented), out var read, out var problem), problem);
        Assert.Equal(record, read);
    }

    private static string HeadRecordFile(AuthoredLedger built, Bytes32 author) => Path.Combine(built.HeadRecords, author.ToHex() + ".head");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiosk.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Kiosk.sln not found above the test assembly");
    }

    [GeneratedRegex("```head-record-vector\\n([0-9a-f\\n]+)```")]
    private static partial Regex HeadRecordVector();
}
