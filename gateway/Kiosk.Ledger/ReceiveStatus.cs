namespace Kiosk.Ledger;

/// <summary>What became of a received event.</summary>
public enum ReceiveStatus
{
    /// <summary>Durably committed to the ledger.</summary>
    Accepted,

    /// <summary>Held durably aside because its author is not (yet) enrolled; it enters the ledger when the enrolment arrives.</summary>
    Pending,

    /// <summary>Refused; the ledger is unchanged. See the rejection for why.</summary>
    Rejected,
}
