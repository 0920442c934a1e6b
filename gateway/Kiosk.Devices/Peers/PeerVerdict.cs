namespace Kiosk.Devices.Peers;

/// <summary>The hook's decision on a peer's CONNECT: accepted with the identity it proved, or refused with a reason.</summary>
public sealed record PeerVerdict
{
    private PeerVerdict(object? identity, PeerRefusal? refusal, string? reason)
    {
        Identity = identity;
        Refusal = refusal;
        Reason = reason;
    }

    /// <summary>What the hook wants to know the session by (set on <see cref="PeerSession.Identity"/>); null when refused.</summary>
    public object? Identity { get; }

    /// <summary>How the refusal is answered in the CONNACK; null when accepted.</summary>
    public PeerRefusal? Refusal { get; }

    /// <summary>Why it was refused, for the log.</summary>
    public string? Reason { get; }

    /// <summary>True when the peer may connect.</summary>
    public bool IsAccepted => Refusal is null;

    /// <summary>Accepts the connection as <paramref name="identity"/>.</summary>
    public static PeerVerdict Accept(object identity) => new(identity ?? throw new ArgumentNullException(nameof(identity)), null, null);

    /// <summary>Refuses the connection.</summary>
    public static PeerVerdict Refuse(PeerRefusal refusal, string reason) => new(null, refusal, reason ?? throw new ArgumentNullException(nameof(reason)));
}
