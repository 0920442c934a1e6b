namespace Kiosk.Ledger;

/// <summary>Why an event was not taken into the ledger. Each has its own code so metrics and tests can tell them apart.</summary>
public enum RejectReason
{
    /// <summary>The bytes do not frame a v1 event.</summary>
    Malformed,

    /// <summary>The event or its body exceeds the size limits.</summary>
    Oversize,

    /// <summary>The event names another assembly.</summary>
    WrongAssembly,

    /// <summary>The kind is not one this gateway knows.</summary>
    UnknownKind,

    /// <summary>The signature does not verify under the author's key.</summary>
    BadSignature,

    /// <summary>The body is not well formed for its kind.</summary>
    MalformedBody,

    /// <summary>The event is already in the ledger (a replay or duplicate delivery).</summary>
    Duplicate,

    /// <summary>The seq is not the next in the author's feed.</summary>
    SeqGap,

    /// <summary>The prev hash does not match the author's previous event.</summary>
    WrongPrev,

    /// <summary>Another event with the same author and seq is already held: the feed is forked.</summary>
    Equivocation,

    /// <summary>The author's feed is forked; no more of it is taken.</summary>
    FeedForked,

    /// <summary>The genesis event does not match the assembly or comes from the wrong place.</summary>
    BadGenesis,

    /// <summary>The author may not write this kind (wrong role, removed, not enrolled) — for local authoring.</summary>
    NotAuthorised,

    /// <summary>Too many events from unknown authors are already held pending.</summary>
    PendingQuotaExceeded,

    /// <summary>
    /// This ledger signed later events of the feed than it now holds (its head record says so): the newest events
    /// were lost or deleted, and writing the feed again would fork it — for local authoring.
    /// </summary>
    FeedRolledBack,

    /// <summary>
    /// The feed is held for a while by whoever runs this ledger (a gateway checks with its peers at start that it was not
    /// restored from an older copy before it writes) — for local authoring; the same append succeeds once it is released.
    /// </summary>
    FeedHeld,
}
