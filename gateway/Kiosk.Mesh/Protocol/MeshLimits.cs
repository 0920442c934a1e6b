using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>The replication protocol's sizes and counts (docs/mesh.md, "Limits"): a message over them is refused.</summary>
public static class MeshLimits
{
    /// <summary>Protocol version carried in every JSON message (<c>"v"</c>) and in the topic root.</summary>
    public const int Version = 1;

    /// <summary>Largest <c>batch</c> message, header included (256 KiB).</summary>
    public const int MaxBatchBytes = 256 * 1024;

    /// <summary>Largest <c>feed</c> message: one event of the largest size.</summary>
    public const int MaxFeedBytes = EventEncoding.MaxLength;

    /// <summary>Largest <c>have</c> message.</summary>
    public const int MaxHaveBytes = 512 * 1024;

    /// <summary>Largest <c>want</c> message.</summary>
    public const int MaxWantBytes = 512 * 1024;

    /// <summary>Largest <c>auth</c> message.</summary>
    public const int MaxAuthBytes = 1024;

    /// <summary>Most ranges one want may list.</summary>
    public const int MaxRanges = 4096;

    /// <summary>Most feeds and forks one have may list.</summary>
    public const int MaxFeeds = 2048;

    /// <summary>Most other gateways' state statements one have may carry.</summary>
    public const int MaxHeard = 256;

    /// <summary>The credit a requester grants by default (1 MiB of event bytes per want).</summary>
    public const int DefaultCredit = 1024 * 1024;

    /// <summary>The least credit a responder honours (less is raised to this, so every answer carries at least a batch).</summary>
    public const int MinCredit = MaxBatchBytes;

    /// <summary>The most credit a responder honours (more is lowered to this, bounding what one want costs it).</summary>
    public const int MaxCredit = 16 * 1024 * 1024;

    /// <summary>Refused events after which a peer's link is dropped and the peer shut out for a while.</summary>
    public const int RefusalsBeforeDrop = 64;
}
