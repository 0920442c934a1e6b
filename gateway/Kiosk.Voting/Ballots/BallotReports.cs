namespace Kiosk.Voting.Ballots;

/// <summary>
/// Every ballot's report, computed once per ledger state and shared by all readers. Pages ask for reports on every
/// live update; without this, each open board would run every tally again under the desk's lock (the lock that vote
/// casting needs) after each commit. A reader whose state version matches the cached one gets the cached reports
/// without taking any lock; the first reader after a commit computes them once.
/// </summary>
public sealed class BallotReports
{
    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly VotingDesk _desk;
    private readonly Lock _computing = new();
    private volatile Snapshot? _snapshot;

    /// <summary>Reports of <paramref name="desk"/>'s projection, keyed by <paramref name="ledger"/>'s state version and the desk's own applied events.</summary>
    public BallotReports(Kiosk.Ledger.Ledger ledger, VotingDesk desk)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _desk = desk ?? throw new ArgumentNullException(nameof(desk));
    }

    /// <summary>How many times the reports were computed (a figure for benchmarks and tests).</summary>
    public int Computations { get; private set; }

    /// <summary>Every ballot's report, in publication order.</summary>
    public IReadOnlyList<BallotReport> All() => Current().Reports;

    /// <summary>The report of <paramref name="ballotId"/>, or null when there is no such ballot.</summary>
    public BallotReport? Get(string ballotId) => Current().ById.GetValueOrDefault(ballotId);

    private Snapshot Current()
    {
        // The version is read before computing: the reports then hold at least that state, and a newer commit
        // changes the version, so the next reader computes again.
        var version = (_ledger.StateVersion, _desk.OwnApplied);
        if (_snapshot is { } cached && cached.Version == version) return cached;
        lock (_computing)
        {
            if (_snapshot is { } again && again.Version == version) return again;
            var reports = _desk.Read((projection, authority) => projection.Ballots.Values
                .OrderBy(b => b.TimeMs).ThenBy(b => b.Definition.Id, StringComparer.Ordinal)
                .Select(b => BallotCounter.Report(projection, authority, b.Definition.Id)!).ToList());
            var snapshot = new Snapshot(version, reports, reports.ToDictionary(r => r.Ballot.Definition.Id, StringComparer.Ordinal));
            Computations++;
            _snapshot = snapshot;
            return snapshot;
        }
    }

    private sealed record Snapshot((long Ledger, long OwnApplied) Version, IReadOnlyList<BallotReport> Reports, IReadOnlyDictionary<string, BallotReport> ById);
}
