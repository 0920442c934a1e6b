using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// Verification recomputes every derived table and column from the events and names each stored value that
/// differs: the events' authority column (which decides what the gateway counts), feeds, members, devices, the
/// equivocation proofs, and the state hash the stored tables give (what kiosk status shows).
/// </summary>
public sealed class DerivedTableVerificationTests
{
    [Fact]
    public async Task A_ledger_authored_here_verifies_and_both_state_hashes_agree()
    {
        using var built = await AuthoredLedger.CreateAsync();
        var report = built.Verify();
        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(3, report.HeadRecords); // one per feed written here: the founder's, Ana's and the gateway's
        Assert.NotNull(report.StateHash);
        Assert.Equal(report.StateHash, report.StoredStateHash);
        await using var ledger = built.Open();
        Assert.Equal(ledger.StateHash(), report.StateHash);
    }

    public static TheoryData<string, string, string, string> Tampering => new()
    {
        // sql, code, table, what the message must say
        { "UPDATE events SET authority = 0 WHERE kind = 'FacilitatorAdded'", VerifyCodes.StaleProjection, "events", "events.authority is 0, but FacilitatorAdded is an authority event" },
        { "UPDATE events SET authority = 1 WHERE kind = 'Note' AND seq = 2", VerifyCodes.StaleProjection, "events", "Note is not an authority event" },
        { "UPDATE feeds SET head_seq = head_seq - 1 WHERE author = $gateway", VerifyCodes.StaleProjection, "feeds", "feeds.head_seq says #4, the events end at #5" },
        { "UPDATE feeds SET head_id = $random WHERE author = $gateway", VerifyCodes.StaleProjection, "feeds", "feeds.head_id says" },
        { "DELETE FROM feeds WHERE author = $gateway", VerifyCodes.StaleProjection, "feeds", "feeds has no row for this feed" },
        { "INSERT INTO feeds VALUES($random, 3, $random)", VerifyCodes.StaleProjection, "feeds", "feeds names a feed with no events" },
        { "UPDATE members SET role = 'Gateway' WHERE name = 'Ana'", VerifyCodes.StaleProjection, "members", "role is 'Gateway', the events make it 'Facilitator'" },
        { "UPDATE members SET name = 'Mallory' WHERE name = 'Ana'", VerifyCodes.StaleProjection, "members", "name is 'Mallory', the events say 'Ana'" },
        { "UPDATE members SET valid_through = 1 WHERE name = 'Ana'", VerifyCodes.StaleProjection, "members", "valid_through is 1" },
        { "DELETE FROM members WHERE name = 'hall'", VerifyCodes.StaleProjection, "members", "members has no row for" },
        { "INSERT INTO members VALUES($random, 'Facilitator', 'Eve', 9223372036854775807)", VerifyCodes.StaleProjection, "members", "whom the events do not enrol" },
        { "UPDATE devices SET gateway = $random WHERE device = 'button-1'", VerifyCodes.StaleProjection, "devices", "device 'button-1': gateway is" },
        { "UPDATE devices SET label = 'Other' WHERE device = 'button-1'", VerifyCodes.StaleProjection, "devices", "label is 'Other', the events say 'Button 1'" },
        { "UPDATE devices SET member = 'seat-9' WHERE device = 'button-2'", VerifyCodes.StaleProjection, "devices", "member is 'seat-9', the events say 'seat-2'" },
        { "UPDATE devices SET revoked = 0 WHERE device = 'button-3'", VerifyCodes.StaleProjection, "devices", "revoked is 0, the events make it 1" },
        { "DELETE FROM devices WHERE device = 'button-2'", VerifyCodes.StaleProjection, "devices", "devices has no row for 'button-2'" },
        { "INSERT INTO devices VALUES('button-9', $gateway, 'Nine', NULL, 0)", VerifyCodes.StaleProjection, "devices", "devices lists 'button-9'" },
        // One stored event copied in as an equivocation "proof": it forks nothing, yet the gateway would stop counting the feed there.
        { "INSERT INTO equivocations SELECT author, seq, id, raw FROM events WHERE author = $gateway AND seq = 3", VerifyCodes.BadEquivocation, "equivocations", "not a proof that the feed forked" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_derived_value_changed_in_place_is_named_and_fails_the_start_up_check(string sql, string code, string table, string says)
    {
        using var built = await AuthoredLedger.CreateAsync();
        Assert.Equal(1, built.Execute(sql));
        var report = built.Verify();
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Code == code && p.Table == table && p.Message.Contains(says, StringComparison.Ordinal));
        Assert.False(built.Check().IsValid);
    }

    [Fact]
    public async Task A_cleared_authority_flag_is_named_at_its_event_and_the_state_hashes_disagree()
    {
        // The finding: this passed verify while status, ballot list and results all changed.
        using var built = await AuthoredLedger.CreateAsync();
        built.Execute("UPDATE events SET authority = 0 WHERE kind = 'FacilitatorAdded'");
        var report = built.Verify();
        var problem = Assert.Single(report.Problems, p => p.Code == VerifyCodes.StaleProjection);
        Assert.Equal(EventKinds.FacilitatorAdded, problem.Kind);
        Assert.Equal(built.Founder.PublicKey, problem.Author);
        Assert.Equal(2, problem.Seq);
        var mismatch = Assert.Single(report.Problems, p => p.Code == VerifyCodes.StateHashMismatch);
        await using var ledger = built.Open();
        Assert.Equal(ledger.StateHash(), report.StoredStateHash);
        Assert.NotEqual(report.StateHash, report.StoredStateHash);
        Assert.Contains(ledger.StateHash().ToHex(), mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuilding_the_projections_repairs_every_derived_table_and_column()
    {
        using var built = await AuthoredLedger.CreateAsync();
        var clean = built.Verify().StateHash;
        built.Execute("UPDATE events SET authority = 0 WHERE kind = 'FacilitatorAdded'");
        built.Execute("UPDATE feeds SET head_seq = 1 WHERE author = $gateway");
        built.Execute("UPDATE members SET name = 'Mallory' WHERE name = 'Ana'");
        built.Execute("UPDATE devices SET revoked = 0 WHERE device = 'button-3'");
        Assert.False(built.Verify().IsValid);

        await using (var ledger = built.Open()) await ledger.RebuildProjectionsAsync();
        var rebuilt = built.Verify();
        Assert.True(rebuilt.IsValid, string.Join("; ", rebuilt.Problems));
        Assert.Equal(clean, rebuilt.StateHash);
        Assert.Equal(clean, rebuilt.StoredStateHash);
    }
}
