using Kiosk.Ledger;

namespace Kiosk.Voting.Ballots;

/// <summary>A facilitator's certification of a ballot's result: the feeds and seqs it includes.</summary>
public sealed record Certification(string Ballot, IReadOnlyDictionary<Bytes32, long> Feeds, Bytes32 EventId, Bytes32 Author, long TimeMs);
