using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// The newest <see cref="StateStatement"/> this gateway heard of each other gateway, from peers' haves (theirs and the
/// ones they relay), and what it relays in its own have (docs/mesh.md, "States heard"). A statement replaces the one
/// kept only when it holds more events (so it is newer) and its signature verifies; a have carrying a statement that
/// would be taken but does not verify is refused whole, and nothing of it is taken. Only statements of the nodes
/// <c>admit</c> accepts (the active gateways and hubs of this gateway's ledger) are kept, which bounds the table.
/// Thread-safe.
/// </summary>
public sealed class HeardStates(AssemblyId assembly)
{
    private readonly object _lock = new();
    private readonly Dictionary<Bytes32, StateStatement> _newest = [];
    private long _version;

    /// <summary>Grows by one whenever a statement is taken (the have is then re-published).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The newest statement kept of <paramref name="node"/>, or null.</summary>
    public StateStatement? Of(Bytes32 node)
    {
        lock (_lock) return _newest.GetValueOrDefault(node);
    }

    /// <summary>
    /// Takes the statements of <paramref name="have"/> (the sender's own, then those it heard) of nodes <paramref name="admit"/>
    /// accepts, other than <paramref name="self"/>, that are newer than the ones kept. Null when all is well; else the
    /// problem (a statement that does not verify), and nothing was taken.
    /// </summary>
    public string? Take(HaveMessage have, Bytes32 self, Func<Bytes32, bool> admit)
    {
        ArgumentNullException.ThrowIfNull(have);
        ArgumentNullException.ThrowIfNull(admit);
        var offered = have.Statement is { } own ? have.Heard.Prepend(own) : have.Heard;
        var newer = new List<StateStatement>();
        foreach (var statement in offered)
        {
            if (statement.Node == self || !admit(statement.Node)) continue;
            lock (_lock)
                if (_newest.TryGetValue(statement.Node, out var kept) && kept.Held >= statement.Held) continue;
            // Verified outside the lock, and only when it would be taken: what is not newer costs nothing.
            if (!statement.Verify(assembly))
                return $"a state statement of {statement.Node.ShortHex} (held {statement.Held}) whose signature does not verify";
            newer.Add(statement);
        }
        if (newer.Count == 0) return null;
        lock (_lock)
        {
            var taken = false;
            foreach (var statement in newer)
            {
                if (_newest.TryGetValue(statement.Node, out var kept) && kept.Held >= statement.Held) continue; // another link was quicker
                _newest[statement.Node] = statement;
                taken = true;
            }
            if (taken) Interlocked.Increment(ref _version);
        }
        return null;
    }

    /// <summary>What this gateway relays in its have: the newest statement of each node <paramref name="admit"/> accepts now, in key order, at most <see cref="MeshLimits.MaxHeard"/>.</summary>
    public IReadOnlyList<StateStatement> ToRelay(Func<Bytes32, bool> admit)
    {
        ArgumentNullException.ThrowIfNull(admit);
        lock (_lock) return [.. _newest.Values.Where(s => admit(s.Node)).OrderBy(s => s.Node).Take(MeshLimits.MaxHeard)];
    }
}
