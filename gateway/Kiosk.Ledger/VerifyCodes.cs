namespace Kiosk.Ledger;

/// <summary>
/// The codes of <see cref="VerifyProblem"/> beside the <see cref="RejectReason"/> names (which verification also
/// uses for an event that fails a receive check). docs/ledger-format.md, "Verification", lists what each means.
/// </summary>
public static class VerifyCodes
{
    /// <summary>The file is not a ledger SQLite can read, or a table is missing or unreadable.</summary>
    public const string Unreadable = "Unreadable";

    /// <summary>A row the ledger cannot have written: a wrong type or length in a column, an unknown meta key.</summary>
    public const string MalformedRow = "MalformedRow";

    /// <summary>A stored id is not the SHA-256 of the stored bytes: the event was altered.</summary>
    public const string IdMismatch = "IdMismatch";

    /// <summary>A row's author, seq or kind column does not match the event's bytes.</summary>
    public const string RowMismatch = "RowMismatch";

    /// <summary>A feed misses events: its seqs are not 1, 2, 3….</summary>
    public const string SeqGap = "SeqGap";

    /// <summary>An event is the first of its feed's authors not admitted by the founder or an enrolment.</summary>
    public const string NotAdmitted = "NotAdmitted";

    /// <summary>
    /// A projection (the events' <c>authority</c> column, <c>feeds</c>, <c>members</c>, <c>devices</c>) differs from what the
    /// events define. <c>kiosk verify --rebuild</c> recomputes them.
    /// </summary>
    public const string StaleProjection = "StaleProjection";

    /// <summary>An <c>equivocations</c> row is not half of a proof that an author signed two events with one seq.</summary>
    public const string BadEquivocation = "BadEquivocation";

    /// <summary>A <c>pending</c> row is not an event that passes the checks on receipt.</summary>
    public const string BadPending = "BadPending";

    /// <summary>The <c>meta</c> table disagrees with the events (the assembly) or with this program (the schema).</summary>
    public const string MetaMismatch = "MetaMismatch";

    /// <summary>The gateway cannot load its state from the stored tables at all.</summary>
    public const string StoredStateUnreadable = "StoredStateUnreadable";

    /// <summary>The state hash of the stored tables (what <c>kiosk status</c> shows) differs from the one the events give.</summary>
    public const string StateHashMismatch = "StateHashMismatch";

    /// <summary>A head record says its feed reached a later event than the ledger holds: the newest events were lost or deleted.</summary>
    public const string FeedRolledBack = "FeedRolledBack";

    /// <summary>A head record names an event id the ledger's event at that seq does not have.</summary>
    public const string FeedRewritten = "FeedRewritten";

    /// <summary>A head record file is malformed, misnamed, or its signature does not verify.</summary>
    public const string BadHeadRecord = "BadHeadRecord";

    /// <summary>A head record belongs to another assembly than the ledger beside it: the database was replaced.</summary>
    public const string ForeignHeadRecord = "ForeignHeadRecord";
}
