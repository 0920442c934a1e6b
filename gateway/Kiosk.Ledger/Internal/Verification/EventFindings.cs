namespace Kiosk.Ledger.Internal.Verification;

/// <summary>What the <c>events</c> table holds once checked: the facts the other checks compare their tables with.</summary>
internal sealed class EventFindings
{
    /// <summary>Rows with well-typed columns, in (author, seq) order.</summary>
    public List<EventRow> Rows { get; } = [];

    /// <summary>Each feed's last stored seq and the id column of that row.</summary>
    public Dictionary<Bytes32, FeedHead> Heads { get; } = [];

    /// <summary>The stored id of every (author, seq) held.</summary>
    public Dictionary<(Bytes32 Author, long Seq), Bytes32> Ids { get; } = [];

    /// <summary>The genesis, when one sound genesis is stored.</summary>
    public LedgerEvent? Genesis { get; set; }

    /// <summary>The assembly the genesis founds.</summary>
    public AssemblyId? Assembly => Genesis?.Assembly;

    /// <summary>Sound authority events other than the genesis, in (author, seq) order.</summary>
    public List<LedgerEvent> AuthorityEvents { get; } = [];

    /// <summary>True when every row is well typed, decodes, is signed, chained and admitted.</summary>
    public bool AllSound { get; set; } = true;

    /// <summary>Signatures checked.</summary>
    public long SignaturesChecked { get; set; }
}
