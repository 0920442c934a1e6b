using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>What <see cref="CatchUpPlanner"/> decided to ask for: ranges in order, and fork proofs.</summary>
public sealed record WantPlan(IReadOnlyList<FeedRange> Ranges, IReadOnlyList<Bytes32> ForkProofs)
{
    /// <summary>True when there is nothing to ask for.</summary>
    public bool IsEmpty => Ranges.Count == 0 && ForkProofs.Count == 0;

    /// <summary>The authors this plan fetches (another link leaves them alone meanwhile).</summary>
    public IEnumerable<Bytes32> Authors => Ranges.Select(r => r.Author).Concat(ForkProofs).Distinct();

    /// <summary>The want message of this plan.</summary>
    public WantMessage ToWant(long request, int credit) => new(request, credit, Ranges, ForkProofs);
}
