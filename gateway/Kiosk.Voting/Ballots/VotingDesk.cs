using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// A gateway's voting desk: checks a vote (ballot open here, choice valid, code or device eligible, revote policy),
/// authors the VoteCast in the gateway's feed, and answers only after the commit (promise 4). It also writes the
/// gateway's CloseSeen when it learns of a close, by a facilitator's event or by its own clock. The projection it
/// keeps is refreshed from the ledger, so votes relayed from other gateways count against the same codes.
/// </summary>
public sealed class VotingDesk
{
    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly AuthorKeyPair _gateway;
    private readonly VotingDeskOptions _options;
    private readonly object _sync = new();
    private readonly HashSet<(string, string)> _inFlight = [];
    private readonly Dictionary<Bytes32, long> _processed = [];
    private AssemblyProjection _projection = new();
    private AuthorityTable? _authority;
    private int _ownAppendsInFlight;
    private long _refreshedAt = -2; // no version yet
    private long _ownApplied;

    /// <summary>A desk writing votes as <paramref name="gateway"/> into <paramref name="ledger"/>.</summary>
    public VotingDesk(Kiosk.Ledger.Ledger ledger, AuthorKeyPair gateway, VotingDeskOptions? options = null)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _options = options ?? new VotingDeskOptions();
    }

    /// <summary>
    /// Own events applied to the projection so far. The desk applies its own events just after their commit, so a cache
    /// keyed by the ledger's state version alone could miss one; this counter closes that gap.
    /// </summary>
    public long OwnApplied => Interlocked.Read(ref _ownApplied);

    /// <summary>This gateway's public key.</summary>
    public Bytes32 Gateway => _gateway.PublicKey;

    /// <summary>Brings the projection up to date with the ledger (events relayed from peers, authority changes).</summary>
    public void Refresh()
    {
        // Fast path, taken by most votes under load: the ledger's state has not changed since a refresh that left
        // nothing unread (or that skipped only this gateway's own feed, and own appends are still in flight), so the
        // projection is current without the ledger's lock, a vector copy or the desk's lock.
        var version = _ledger.StateVersion;
        var skipOwnNow = Volatile.Read(ref _ownAppendsInFlight) > 0;
        var refreshed = Volatile.Read(ref _refreshedAt);
        if (refreshed >> 1 == version && ((refreshed & 1) == 1 || skipOwnNow)) return;
        var authority = _ledger.Authority;
        var vector = _ledger.Vector;
        lock (_sync)
        {
            if (!ReferenceEquals(authority, _authority))
            {
                // Who may write what changed: which events count may have changed too, so rebuild from the ledger.
                _projection = AssemblyProjection.Build(_ledger.ReadApplied());
                _authority = authority;
                _processed.Clear();
                foreach (var (author, seq) in vector.Entries) _processed[author] = seq;
                MarkRefreshed(version, complete: true);
                return;
            }
            // This desk applies its own gateway's events itself, right after each commit. While some are in flight its
            // feed runs ahead of what it applied, and reading it back would cost a query per vote; when none are, any
            // own event it did not write (another process with the same key) is read back like a peer's.
            var skipOwn = Volatile.Read(ref _ownAppendsInFlight) > 0;
            if (!vector.Entries.All(kv => (skipOwn && kv.Key == Gateway) || _processed.GetValueOrDefault(kv.Key) >= kv.Value))
                ReadMissing(vector, skipOwn);
            // The version was read before the vector, so everything it stands for is in the vector processed here.
            MarkRefreshed(version, complete: !skipOwn);
        }
    }

    // Under _sync: applies the events of the ledger the projection has not seen (peers', and own when not skipped).
    private void ReadMissing(VersionVector vector, bool skipOwn)
    {
        var known = new Dictionary<Bytes32, long>(_processed);
        if (skipOwn) known[Gateway] = Math.Max(vector[Gateway], known.GetValueOrDefault(Gateway));
        var knownVector = new VersionVector(known);
        foreach (var e in _ledger.ReadMissing(knownVector))
            if (_ledger.IsApplied(e)) _projection.Apply(e);
        foreach (var (author, seq) in vector.Entries)
            if (!skipOwn || author != Gateway) _processed[author] = Math.Max(seq, _processed.GetValueOrDefault(author));
    }

    // Under _sync: the ledger state version the projection has caught up with (shifted left once), and in the low bit
    // whether that included this gateway's own feed. Never moves back to an older version.
    private void MarkRefreshed(long version, bool complete)
    {
        if (version >= _refreshedAt >> 1) Volatile.Write(ref _refreshedAt, (version << 1) | (complete ? 1L : 0L));
    }

    /// <summary>Runs <paramref name="read"/> on the up-to-date projection and authority, under the desk's lock.</summary>
    public T Read<T>(Func<AssemblyProjection, AuthorityTable, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Refresh();
        lock (_sync) return read(_projection, _authority!);
    }

    /// <summary>The report (status, counted votes, tally) of a ballot, or null when there is no such ballot.</summary>
    public BallotReport? Report(string ballotId) => Read((p, a) => BallotCounter.Report(p, a, ballotId));

    /// <summary>Casts a vote with a voter code typed or scanned at this gateway.</summary>
    public Task<VoteOutcome> CastWithCodeAsync(string ballotId, string typedCode, IReadOnlyList<string> choice, string? objection = null, CancellationToken cancellationToken = default)
    {
        var code = VoterCode.Normalize(typedCode, out var typo);
        if (code is null) return Task.FromResult(new VoteOutcome(null, null, typo));
        var codeHash = VoterCode.Hash(code);
        return CastAsync(ballotId, choice, objection, "code:" + codeHash, (ballot, projection, _) =>
        {
            if (ballot.Eligibility != BallotDefinition.ByCodes) return Refuse(VoteRefusalReason.WrongCredential, "this is a roll-call ballot: vote with your enrolled button");
            var issue = projection.Code(VoterCode.HashOfHash(codeHash));
            if (issue is null) return Refuse(VoteRefusalReason.CodeUnknown, "this code was not issued by the assembly; check it on your slip");
            if (!issue.Ballots.Contains(ballot.Id, StringComparer.Ordinal))
                return Refuse(VoteRefusalReason.CodeForOtherBallot, $"this code is for another ballot ({string.Join(", ", issue.Ballots)})");
            return null;
        }, revision => new VoteCastBody(ballotId, [.. choice], revision, Code: codeHash, Objection: objection), cancellationToken);
    }

    /// <summary>Casts a roll-call vote from an enrolled button (the gateway has checked the press's HMAC).</summary>
    public Task<VoteOutcome> CastWithDeviceAsync(string ballotId, string deviceId, IReadOnlyList<string> choice, CancellationToken cancellationToken = default)
    {
        EnrolledDevice? device = null;
        return CastAsync(ballotId, choice, null, "device:" + deviceId, (ballot, _, authority) =>
        {
            if (ballot.Eligibility != BallotDefinition.ByRollCall) return Refuse(VoteRefusalReason.WrongCredential, "this ballot takes voter codes, not buttons");
            if (!authority.Devices.TryGetValue(deviceId, out device)) return Refuse(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is not enrolled");
            if (device.Revoked) return Refuse(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is revoked");
            if (device.Gateway != Gateway) return Refuse(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is enrolled to another gateway");
            return device.Member is null ? Refuse(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is not named to a member or seat") : null;
        }, revision => new VoteCastBody(ballotId, [.. choice], revision, Device: deviceId, Member: device!.Member), cancellationToken,
        credentialOf: () => "member:" + device!.Member);
    }

    private async Task<VoteOutcome> CastAsync(string ballotId, IReadOnlyList<string> choice, string? objection, string inFlightKey,
        Func<BallotDefinition, AssemblyProjection, AuthorityTable, VoteOutcome?> checkCredential,
        Func<int, VoteCastBody> body, CancellationToken cancellationToken, Func<string>? credentialOf = null)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (await CloseIfDueAsync(ballotId, cancellationToken) is { } closed) return closed;
        int revision;
        BallotDefinition definition;
        lock (_sync)
        {
            var authority = _authority!;
            if (authority.RoleOf(Gateway) != Role.Gateway) return Refuse(VoteRefusalReason.GatewayNotEnrolled, $"this gateway ({Gateway.ShortHex}) is not enrolled in the assembly");
            if (!_projection.Ballots.TryGetValue(ballotId, out var ballot)) return Refuse(VoteRefusalReason.BallotUnknown, $"there is no ballot '{ballotId}'");
            definition = ballot.Definition;
            if (!_projection.IsOpened(ballotId)) return Refuse(VoteRefusalReason.BallotNotOpen, $"ballot '{ballotId}' is not open for votes yet");
            if (_projection.CloseSeenAt(ballotId, Gateway) is not null) return Refuse(VoteRefusalReason.BallotClosed, $"ballot '{ballotId}' is closed");
            if (ChoiceRules.Check(definition, choice, objection) is { } badChoice) return Refuse(VoteRefusalReason.InvalidChoice, badChoice);
            if (checkCredential(definition, _projection, authority) is { } refused) return refused;
            var credential = credentialOf?.Invoke() ?? inFlightKey;
            var earlier = _projection.VotesBy(ballotId, credential);
            if (earlier.Count > 0 && definition.Revote == BallotDefinition.FirstCounts)
                return Refuse(VoteRefusalReason.CodeAlreadyUsed, "this code (or member) has already voted on this ballot, and the first vote counts");
            if (!_inFlight.Add((ballotId, credential)))
                return Refuse(VoteRefusalReason.CodeAlreadyUsed, "a vote with this code (or member) is being recorded right now");
            inFlightKey = credential;
            revision = earlier.Count == 0 ? 1 : earlier.Max(v => v.Body.Revision) + 1;
        }
        try
        {
            var granularity = definition.Secret ? _options.SecretTimeGranularity : TimeSpan.FromMilliseconds(1);
            var result = await AppendOwnAsync(VotingKinds.VoteCast, BodyJson.Write(body(revision)), granularity, cancellationToken);
            return result.Event is { } e
                ? VoteOutcome.Accepted(e)
                : Refuse(VoteRefusalReason.GatewayNotEnrolled, $"the ledger refused the vote: {result.Rejection}");
        }
        finally
        {
            lock (_sync) _inFlight.Remove((ballotId, inFlightKey));
        }
    }

    /// <summary>
    /// Writes this gateway's CloseSeen for the ballot when a facilitator closed it or its scheduled close has passed by
    /// this gateway's clock, and returns the refusal to give a voter; null while the ballot is open here.
    /// </summary>
    public async Task<VoteOutcome?> CloseIfDueAsync(string ballotId, CancellationToken cancellationToken = default)
    {
        Refresh();
        lock (_sync)
        {
            if (!_projection.Ballots.TryGetValue(ballotId, out var ballot) || !_projection.IsOpened(ballotId)) return null;
            if (_projection.CloseSeenAt(ballotId, Gateway) is not null) return Refuse(VoteRefusalReason.BallotClosed, $"ballot '{ballotId}' is closed");
            var due = _projection.IsClosedByFacilitator(ballotId) || (ballot.Definition.ClosesAt is { } at && _options.Time.GetUtcNow() >= at);
            if (!due || _authority!.RoleOf(Gateway) != Role.Gateway) return null;
        }
        await AppendOwnAsync(VotingKinds.CloseSeen, BodyJson.Write(new BallotRefBody(ballotId)), TimeSpan.FromMilliseconds(1), cancellationToken);
        return Refuse(VoteRefusalReason.BallotClosed, $"ballot '{ballotId}' is closed");
    }

    /// <summary>Appends to this gateway's feed and applies the committed event to the projection at once.</summary>
    private async Task<AppendResult> AppendOwnAsync(string kind, byte[] body, TimeSpan granularity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _ownAppendsInFlight);
        try
        {
            var result = await _ledger.AppendAsync(_gateway, kind, body, granularity, cancellationToken);
            if (result.Event is { } e)
            {
                lock (_sync) _projection.Apply(e);
                Interlocked.Increment(ref _ownApplied);
            }
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _ownAppendsInFlight);
        }
    }

    private static VoteOutcome Refuse(VoteRefusalReason reason, string message) => VoteOutcome.Refused(reason, message);
}
