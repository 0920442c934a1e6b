using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// A row the ledger cannot have written, in any table, is reported by name — never a crash (a junk pending row
/// used to end verify with "need 32 bytes, got 1").
/// </summary>
public sealed class MalformedRowVerificationTests
{
    public static TheoryData<string, string, string> JunkRows => new()
    {
        // sql, code, table
        { "INSERT INTO events VALUES(x'01', 1, x'02', 'Junk', 0, x'03')", VerifyCodes.MalformedRow, "events" },
        { "INSERT INTO events VALUES($random, 'one', $random, 'Note', 0, x'03')", VerifyCodes.MalformedRow, "events" },
        { "INSERT INTO events VALUES($random, 1, $random, 'Note', 0, x'0304')", "Malformed", "events" },
        { "INSERT INTO pending VALUES(x'01', 1, x'02')", VerifyCodes.MalformedRow, "pending" },
        { "INSERT INTO pending VALUES($random, 1, x'0203')", VerifyCodes.BadPending, "pending" },
        { "INSERT INTO equivocations VALUES(x'01', 1, x'02', x'03')", VerifyCodes.MalformedRow, "equivocations" },
        { "INSERT INTO feeds VALUES(x'01', 'x', x'02')", VerifyCodes.MalformedRow, "feeds" },
        { "INSERT INTO members VALUES(x'01', 'Facilitator', 'junk', 'x')", VerifyCodes.MalformedRow, "members" },
        { "INSERT INTO devices VALUES('junk', x'01', 'label', 5, 'x')", VerifyCodes.MalformedRow, "devices" },
        { "INSERT INTO meta VALUES('junk', 'x')", VerifyCodes.MalformedRow, "meta" },
        { "UPDATE meta SET value = 'zz' WHERE key = 'assembly'", VerifyCodes.MalformedRow, "meta" },
        { "UPDATE meta SET value = '7' WHERE key = 'schema'", VerifyCodes.MetaMismatch, "meta" },
    };

    [Theory]
    [MemberData(nameof(JunkRows))]
    public async Task A_junk_row_is_reported_with_its_table_never_a_crash(string sql, string code, string table)
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 2);
        Assert.Equal(1, built.Execute(sql));
        var report = built.Verify();
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Code == code && p.Table == table);
        Assert.False(built.Check().IsValid);
    }

    [Fact]
    public async Task A_junk_pending_row_names_what_is_wrong_with_it()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 1);
        built.Execute("INSERT INTO pending VALUES(x'01', 1, x'02')");
        var report = built.Verify();
        var problem = Assert.Single(report.Problems, p => p.Table == "pending");
        Assert.Contains("author is 1 byte(s) x'01', not 32 bytes", problem.Message, StringComparison.Ordinal);
        // The gateway could not even load its state from this file: said too, as what it means for serving.
        Assert.Contains(report.Problems, p => p.Code == VerifyCodes.StoredStateUnreadable);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_as_unreadable()
    {
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        await File.WriteAllTextAsync(path, "this is not a SQLite database, just some text that is long enough to look like a header");
        var report = LedgerVerifier.Verify(path, TestKinds.Create());
        Assert.Equal(VerifyCodes.Unreadable, Assert.Single(report.Problems).Code);
    }
}
