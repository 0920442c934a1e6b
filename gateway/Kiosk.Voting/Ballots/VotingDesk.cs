using System.Security.Cryptography;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Box;
using Kiosk.Voting.Presence;
using Microsoft.Data.Sqlite;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// A gateway's voting desk: checks a vote (ballot open here, choice valid, code or device eligible, revote policy) and
/// records it durably before answering (promise 4).
/// <list type="bullet">
/// <item>An open (roll-call, or non-secret code) vote is a <c>VoteCast</c> in the gateway's own feed, with its exact time.</item>
/// <item>A secret vote goes first into the gateway's local ballot-box queue (<see cref="WaitingVoteStore"/>) with a random
/// receipt tracker, and is published into the gateway's ballot box feed in a shuffled batch, with a coarse time, once the
/// ballot's batch size is reached, its batch window has passed, or the ballot closes here (docs/secrecy.md).</item>
/// </list>
/// It also writes the gateway's CloseSeen when it learns of a close (flushing the ballot's queue into the box first), and
/// declares the gateway's ballot box. The projection it keeps is refreshed from the ledger, so votes relayed from other
/// gateways count against the same codes.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The box gate (SemaphoreSlim) holds an OS handle only once AvailableWaitHandle is used, which it never is; the desk needs no disposal.")]
public sealed class VotingDesk
{
    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly AuthorKeyPair _gateway;
    private readonly VotingDeskOptions _options;
    private readonly WaitingVoteStore _queue;
    private readonly object _sync = new();
    private readonly HashSet<(string, VoterCredential)> _inFlight = [];
    private readonly Dictionary<Bytes32, long> _processed = [];
    private readonly SemaphoreSlim _boxGate = new(1, 1);
    private readonly HashSet<string> _closing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _windowOpened = new(StringComparer.Ordinal);
    private AssemblyProjection _projection = new();
    private AuthorityTable? _authority;
    private int _ownAppendsInFlight;
    private long _refreshedAt = -2; // no version yet
    private bool _declaredBox;
    private long _ownApplied;

    /// <summary>A desk writing votes as <paramref name="gateway"/> (and its ballot box) into <paramref name="ledger"/>.</summary>
    public VotingDesk(Kiosk.Ledger.Ledger ledger, AuthorKeyPair gateway, VotingDeskOptions? options = null)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _options = options ?? new VotingDeskOptions();
        _queue = new WaitingVoteStore(_options.BallotBoxPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ledger.Path))!, WaitingVoteStore.FileName));
        using var box = BallotBoxKey.Derive(gateway);
        BallotBox = box.PublicKey;
    }

    /// <summary>
    /// Own events applied to the projection so far. The desk applies its own events just after their commit, so a cache
    /// keyed by the ledger's state version alone could miss one; this counter closes that gap.
    /// </summary>
    public long OwnApplied => Interlocked.Read(ref _ownApplied);

    /// <summary>This gateway's public key.</summary>
    public Bytes32 Gateway => _gateway.PublicKey;

    /// <summary>This gateway's ballot box key (derived from the gateway's key).</summary>
    public Bytes32 BallotBox { get; }

    /// <summary>The ballot-box queue this desk keeps secret votes in until their batch.</summary>
    public WaitingVoteStore Queue => _queue;

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

    /// <summary>The ballots open for votes at this gateway now, by this desk's clock (oldest published first).</summary>
    public IReadOnlyList<BallotDefinition> OpenHere() => Read((p, _) => BallotAvailability.OpenAt(p, Gateway, _options.Time.GetUtcNow()));

    /// <summary>Whether <paramref name="ballotId"/> takes votes at this gateway now, by this desk's clock.</summary>
    public bool IsOpenHere(string ballotId) => Read((p, _) => BallotAvailability.IsOpenAt(p, ballotId, Gateway, _options.Time.GetUtcNow()));

    /// <summary>
    /// The code ballots open here that a normalised code may vote on, each with whether it has voted on it already
    /// (counting votes still waiting in the ballot-box queue); null when the assembly issued the code for no ballot.
    /// </summary>
    public IReadOnlyList<(BallotDefinition Ballot, bool Voted)>? BallotsForCode(string normalizedCode)
    {
        ArgumentNullException.ThrowIfNull(normalizedCode);
        var now = _options.Time.GetUtcNow();
        var (issued, open) = Read((p, _) =>
        {
            var issuedFor = p.Ballots.Values.Where(b => b.Definition.Eligibility == BallotDefinition.ByCodes && CredentialOn(p, normalizedCode, b.Definition.Id) is not null)
                .Select(b => b.Definition).ToList();
            var list = issuedFor.Where(b => BallotAvailability.IsOpenAt(p, b.Id, Gateway, now))
                .Select(b => (Ballot: b, Credential: CredentialOn(p, normalizedCode, b.Id)!.Value))
                .Select(b => (b.Ballot, b.Credential, Voted: p.VotesBy(b.Ballot.Id, b.Credential).Count > 0))
                .ToList();
            return (issuedFor.Count > 0, list);
        });
        if (!issued) return null;
        return open.Select(o => (o.Ballot, o.Voted || Queued(o.Ballot.Id, o.Credential).Count > 0)).ToList();
    }

    /// <summary>How many votes of this gateway wait in its ballot-box queue for <paramref name="ballotId"/>'s next batch.</summary>
    public int QueuedCount(string ballotId) => _queue.Waiting(Gateway, ballotId).Count;

    /// <summary>Casts a vote with a voter code typed or scanned at this gateway.</summary>
    public Task<VoteOutcome> CastWithCodeAsync(string ballotId, string typedCode, IReadOnlyList<string> choice, string? objection = null, CancellationToken cancellationToken = default) =>
        ReportAsync(VoteChannel.Code, ballotId, CastWithCodeUnreportedAsync(ballotId, typedCode, choice, objection, cancellationToken));

    /// <summary>
    /// Raised after each vote cast here is decided, accepted or refused (with the channel and ballot, never the code or the
    /// choice), for metrics and the log. Handlers must be quick and must not throw.
    /// </summary>
    public event EventHandler<VoteDecision>? Decided;

    private async Task<VoteOutcome> ReportAsync(VoteChannel channel, string ballotId, Task<VoteOutcome> casting)
    {
        var outcome = await casting.ConfigureAwait(false);
        Decided?.Invoke(this, new VoteDecision(channel, ballotId, outcome.Refusal));
        return outcome;
    }

    private Task<VoteOutcome> CastWithCodeUnreportedAsync(string ballotId, string typedCode, IReadOnlyList<string> choice, string? objection, CancellationToken cancellationToken)
    {
        var code = VoterCode.Normalize(typedCode, out var typo);
        if (code is null) return Task.FromResult(new VoteOutcome(null, null, typo));
        return CastAsync(ballotId, choice, objection, (ballot, projection, _) =>
        {
            if (ballot.Eligibility != BallotDefinition.ByCodes) return Refused(VoteRefusalReason.WrongCredential, "this is a roll-call ballot: vote with your enrolled button");
            if (CredentialOn(projection, code, ballot.Id) is { } credential)
            {
                return new Checked(null, credential, revision => credential.Kind == CredentialKind.Code
                    ? new VoteCastBody(ballot.Id, [.. choice], revision, Objection: objection, Credential: credential.Value)
                    : new VoteCastBody(ballot.Id, [.. choice], revision, Code: credential.Value, Objection: objection));
            }
            var elsewhere = projection.Ballots.Keys.Where(b => CredentialOn(projection, code, b) is not null).Order(StringComparer.Ordinal).ToList();
            return elsewhere.Count > 0
                ? Refused(VoteRefusalReason.CodeForOtherBallot, $"this code is for another ballot ({string.Join(", ", elsewhere)})")
                : Refused(VoteRefusalReason.CodeUnknown, "this code was not issued by the assembly; check it on your slip");
        }, cancellationToken);
    }

    /// <summary>
    /// The credential <paramref name="code"/> votes with on <paramref name="ballotId"/>: its per-ballot credential when
    /// the ballot's commitments hold it, its legacy H(code) when a legacy issuance lists the ballot; else null.
    /// </summary>
    private static VoterCredential? CredentialOn(AssemblyProjection projection, string code, string ballotId)
    {
        var credential = VoterCode.Credential(code, ballotId);
        if (projection.Commitment(ballotId, VoterCode.Commitment(credential)) is not null) return VoterCredential.Code(credential);
        var hash = VoterCode.Hash(code);
        return projection.Code(VoterCode.HashOfHash(hash)) is { } legacy && legacy.Ballots.Contains(ballotId, StringComparer.Ordinal)
            ? VoterCredential.LegacyCode(hash) : null;
    }

    /// <summary>Casts a roll-call vote from an enrolled button (the gateway has checked the press's HMAC).</summary>
    public Task<VoteOutcome> CastWithDeviceAsync(string ballotId, string deviceId, IReadOnlyList<string> choice, CancellationToken cancellationToken = default) =>
        ReportAsync(VoteChannel.Device, ballotId, CastWithDeviceUnreportedAsync(ballotId, deviceId, choice, cancellationToken));

    private Task<VoteOutcome> CastWithDeviceUnreportedAsync(string ballotId, string deviceId, IReadOnlyList<string> choice, CancellationToken cancellationToken) =>
        CastAsync(ballotId, choice, null, (ballot, _, authority) =>
        {
            if (ballot.Eligibility != BallotDefinition.ByRollCall) return Refused(VoteRefusalReason.WrongCredential, "this ballot takes voter codes, not buttons");
            if (!authority.Devices.TryGetValue(deviceId, out var device)) return Refused(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is not enrolled");
            if (device.Revoked) return Refused(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is revoked");
            if (device.Gateway != Gateway) return Refused(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is enrolled to another gateway");
            if (device.Member is not { } member) return Refused(VoteRefusalReason.DeviceNotEligible, $"device {deviceId} is not named to a member or seat");
            return new Checked(null, VoterCredential.Member(member), revision => new VoteCastBody(ballot.Id, [.. choice], revision, Device: deviceId, Member: member));
        }, cancellationToken);

    /// <summary>
    /// Casts a roll-call vote for the member whose card (<paramref name="card"/>: <see cref="Presence.MemberCards.Hash"/> of
    /// the UID read at this gateway's station) a facilitator enrolled. Never for a code ballot: voter codes and member cards
    /// do not meet.
    /// </summary>
    public Task<VoteOutcome> CastWithCardAsync(string ballotId, string card, IReadOnlyList<string> choice, CancellationToken cancellationToken = default) =>
        ReportAsync(VoteChannel.Card, ballotId, CastAsync(ballotId, choice, null, (ballot, projection, _) =>
        {
            if (ballot.Eligibility != BallotDefinition.ByRollCall) return Refused(VoteRefusalReason.WrongCredential, "this ballot takes voter codes, not member cards");
            if (projection.Presence.MemberOfCard(card) is not { } member) return Refused(VoteRefusalReason.DeviceNotEligible, "this card is not enrolled to a member");
            return new Checked(null, VoterCredential.Member(member), revision => new VoteCastBody(ballot.Id, [.. choice], revision, Member: member, Card: card));
        }, cancellationToken));

    /// <summary>
    /// Checks in (or out: <paramref name="action"/> is <see cref="PresenceRecordedBody.In"/> or
    /// <see cref="PresenceRecordedBody.Out"/>) the member whose own button <paramref name="deviceId"/> is (a device enrolled
    /// to this gateway and named to a member; the gateway has checked the press's HMAC), to the meeting open now: a
    /// <c>PresenceRecorded</c> with source "button", signed by this gateway, with the device as who recorded it.
    /// </summary>
    public async Task<CheckInOutcome> CheckInWithDeviceAsync(string deviceId, string action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        if (action is not (PresenceRecordedBody.In or PresenceRecordedBody.Out))
            return CheckInOutcome.Refused($"a presence press says '{PresenceRecordedBody.In}' or '{PresenceRecordedBody.Out}', not '{action}'");
        var (problem, member, meeting) = Read<(string?, string?, string?)>((p, authority) =>
        {
            if (!authority.Devices.TryGetValue(deviceId, out var device)) return ($"device {deviceId} is not enrolled", null, null);
            if (device.Revoked) return ($"device {deviceId} is revoked", null, null);
            if (device.Gateway != Gateway) return ($"device {deviceId} is enrolled to another gateway", null, null);
            if (device.Member is not { } named) return ($"device {deviceId} is not named to a member, so its press names nobody", null, null);
            if (p.Presence.OpenMeeting() is not { } open) return (CheckInOutcome.NoMeetingOpen, named, null);
            return (null, named, open);
        });
        if (problem is not null) return CheckInOutcome.Refused(problem);
        var body = new PresenceRecordedBody(meeting!, member!, action, PresenceRecordedBody.Button, $"button {deviceId}");
        if (body.Check() is { } bodyProblem) return CheckInOutcome.Refused(bodyProblem);
        AppendResult result;
        try
        {
            result = await AppendOwnAsync(PresenceKinds.PresenceRecorded, BodyJson.Write(body), TimeSpan.FromMilliseconds(1), cancellationToken);
        }
        catch (Exception e) when (e is IOException or SqliteException)
        {
            return CheckInOutcome.Refused($"the check-in could not be stored ({e.GetType().Name})", notStored: true);
        }
        return result.IsCommitted ? CheckInOutcome.Recorded(member!, meeting!) : CheckInOutcome.Refused(result.Rejection?.Message ?? "the ledger refused the check-in");
    }

    /// <summary>The member a card (by its hash) is enrolled to, or null.</summary>
    public string? MemberOfCard(string card) => Read((p, _) => p.Presence.MemberOfCard(card));

    /// <summary>What a credential check gives: a refusal, or the credential and how to write the vote's body for a revision.</summary>
    private sealed record Checked(VoteOutcome? Refusal, VoterCredential Credential, Func<int, VoteCastBody>? Body);

    private static Checked Refused(VoteRefusalReason reason, string message) => new(Refuse(reason, message), default, null);

    private async Task<VoteOutcome> CastAsync(string ballotId, IReadOnlyList<string> choice, string? objection,
        Func<BallotDefinition, AssemblyProjection, AuthorityTable, Checked> checkCredential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (await CloseIfDueAsync(ballotId, cancellationToken) is { } closed) return closed;
        Checked checkedVote;
        BallotDefinition definition;
        int revision;
        lock (_sync)
        {
            var authority = _authority!;
            if (authority.RoleOf(Gateway) != Role.Gateway) return Refuse(VoteRefusalReason.GatewayNotEnrolled, $"this gateway ({Gateway.ShortHex}) is not enrolled in the assembly");
            if (authority.Members[Gateway].IsRetired)
                return Refuse(VoteRefusalReason.GatewayRetired, $"this gateway ({authority.Members[Gateway].Name}) was retired from the assembly; it takes no more votes: vote at another gateway");
            if (WhyHeld() is { } held)
                return Refuse(VoteRefusalReason.GatewayRecovering, $"this gateway takes no votes now: {held}");
            if (!_projection.Ballots.TryGetValue(ballotId, out var ballot)) return Refuse(VoteRefusalReason.BallotUnknown, $"there is no ballot '{ballotId}'");
            definition = ballot.Definition;
            if (!_projection.IsOpened(ballotId)) return Refuse(VoteRefusalReason.BallotNotOpen, $"ballot '{ballotId}' is not open for votes yet");
            if (_projection.CloseSeenAt(ballotId, Gateway) is not null || _closing.Contains(ballotId)) return Refuse(VoteRefusalReason.BallotClosed, $"ballot '{ballotId}' is closed");
            if (ChoiceRules.Check(definition, choice, objection) is { } badChoice) return Refuse(VoteRefusalReason.InvalidChoice, badChoice);
            checkedVote = checkCredential(definition, _projection, authority);
            if (checkedVote.Refusal is { } refused) return refused;
            var earlier = _projection.VotesBy(ballotId, checkedVote.Credential);
            if (earlier.Count > 0 && definition.Revote == BallotDefinition.FirstCounts) return AlreadyVoted();
            if (!_inFlight.Add((ballotId, checkedVote.Credential)))
                return Refuse(VoteRefusalReason.VoteInProgress, "another vote with this code (or member) is being recorded right now; nothing was recorded, try again in a moment");
            revision = earlier.Count == 0 ? 1 : earlier.Max(v => v.Body.Revision) + 1;
        }
        try
        {
            if (definition.Secret) return await QueueAsync(definition, checkedVote, cancellationToken);
            AppendResult result;
            try
            {
                result = await AppendOwnAsync(VotingKinds.VoteCast, BodyJson.Write(checkedVote.Body!(revision)), TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            catch (Exception failure) when (failure is SqliteException or IOException)
            {
                // A full or failing disk: the commit did not happen, so nothing is counted and the voter may try again.
                return Refuse(VoteRefusalReason.NotRecorded, $"the vote could not be stored ({failure.Message}); nothing was recorded, please try again");
            }
            return result.Event is { } e
                ? VoteOutcome.Accepted(e)
                : Refuse(VoteRefusalReason.NotRecorded, $"the ledger refused the vote: {result.Rejection}");
        }
        finally
        {
            lock (_sync) _inFlight.Remove((ballotId, checkedVote.Credential));
        }
    }

    private static VoteOutcome AlreadyVoted() =>
        Refuse(VoteRefusalReason.CodeAlreadyUsed, "this code (or member) has already voted on this ballot, and the first vote counts");

    /// <summary>The queued votes of one credential on a ballot.</summary>
    private List<VoteCastBody> Queued(string ballotId, VoterCredential credential) =>
        [.. _queue.Waiting(Gateway, ballotId).Select(q => q.Vote).OfType<VoteCastBody>().Where(v => VoterCredential.Of(v) == credential)];

    /// <summary>
    /// Records a secret vote in the ballot-box queue, durably, with a fresh random tracker; the revote rule sees the
    /// credential's votes in the ledger and in the queue alike. Publishes the ballot's batch when it is full.
    /// </summary>
    private async Task<VoteOutcome> QueueAsync(BallotDefinition ballot, Checked vote, CancellationToken cancellationToken)
    {
        var tracker = ReceiptTracker.NewRandom();
        var waitingForBatch = 0;
        await _boxGate.WaitAsync(cancellationToken);
        try
        {
            int earlierRevision, earlierCount;
            lock (_sync)
            {
                // Under the box gate a close cannot slip between this check and the insert: the close flushes the queue under it.
                if (_projection.CloseSeenAt(ballot.Id, Gateway) is not null || _closing.Contains(ballot.Id)) return Refuse(VoteRefusalReason.BallotClosed, $"ballot '{ballot.Id}' is closed");
                var earlier = _projection.VotesBy(ballot.Id, vote.Credential);
                earlierCount = earlier.Count;
                earlierRevision = earlier.Count == 0 ? 0 : earlier.Max(v => v.Body.Revision);
            }
            var refusedAsUsed = false;
            var row = _queue.Enqueue(Gateway, ballot.Id, waiting =>
            {
                waitingForBatch = waiting.Count(q => q.Batch is null) + 1;
                var same = waiting.Select(q => q.Vote).OfType<VoteCastBody>().Where(v => VoterCredential.Of(v) == vote.Credential).ToList();
                if (ballot.Revote == BallotDefinition.FirstCounts && earlierCount + same.Count > 0)
                {
                    refusedAsUsed = true;
                    return null;
                }
                var revision = Math.Max(earlierRevision, same.Count == 0 ? 0 : same.Max(v => v.Revision)) + 1;
                return new QueuedVote(QueuedVote.NewId(), Gateway, ballot.Id, BodyJson.Write(vote.Body!(revision)), tracker);
            });
            if (row is null) return refusedAsUsed ? AlreadyVoted() : Refuse(VoteRefusalReason.NotRecorded, "the vote was not recorded");
            lock (_sync) _windowOpened.TryAdd(ballot.Id, _options.Time.GetUtcNow());
        }
        catch (Exception e) when (e is SqliteException or IOException)
        {
            return Refuse(VoteRefusalReason.NotRecorded, $"the vote could not be stored ({e.Message}); nothing was recorded, please try again");
        }
        finally
        {
            _boxGate.Release();
        }
        // The vote is durable: whatever happens to the batch now, the receipt stands and the next publication retries.
        try
        {
            if (waitingForBatch >= ballot.EffectiveBatchSize) await FlushAsync(ballot.Id, cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException)
        {
            // Left in the queue; PublishDueAsync or the close publishes it.
        }
        return VoteOutcome.Queued(tracker);
    }

    /// <summary>
    /// Writes this gateway's CloseSeen for the ballot when a facilitator closed it or its scheduled close has passed by
    /// this gateway's clock, and returns the refusal to give a voter; null while the ballot is open here. For a secret
    /// ballot it first publishes every queued vote of the ballot into the box, and the CloseSeen names the box seq
    /// through which the box's votes count.
    /// </summary>
    public async Task<VoteOutcome?> CloseIfDueAsync(string ballotId, CancellationToken cancellationToken = default)
    {
        if (!CloseDue(ballotId, out var closedAlready)) return closedAlready ? ClosedRefusal(ballotId) : null;
        await _boxGate.WaitAsync(cancellationToken);
        try
        {
            if (!CloseDue(ballotId, out closedAlready)) return closedAlready ? ClosedRefusal(ballotId) : null;
            BallotDefinition definition;
            lock (_sync)
            {
                definition = _projection.Ballots[ballotId].Definition;
                _closing.Add(ballotId);
            }
            long? boxThrough = null;
            if (definition.Secret)
            {
                using (await PublisherLock.AcquireAsync(_queue.LockPath, cancellationToken))
                {
                    if (await DeclareBoxCoreAsync(cancellationToken))
                    {
                        await RecoverCoreAsync(cancellationToken);
                        await PublishCoreAsync(ballotId, cancellationToken);
                        boxThrough = _ledger.HeadOf(BallotBox).Seq;
                    }
                }
            }
            await AppendOwnAsync(VotingKinds.CloseSeen, BodyJson.Write(new CloseSeenBody(ballotId, boxThrough)), TimeSpan.FromMilliseconds(1), cancellationToken);
            return ClosedRefusal(ballotId);
        }
        finally
        {
            lock (_sync) _closing.Remove(ballotId);
            _boxGate.Release();
        }
    }

    private static VoteOutcome ClosedRefusal(string ballotId) => Refuse(VoteRefusalReason.BallotClosed, $"ballot '{ballotId}' is closed");

    /// <summary>
    /// Why this gateway may not write now although it is enrolled: its own feed or its ballot box's is rolled back here
    /// (restored from an older copy, or its newest events lost; docs/mesh.md, "Rollback"), or forked. Null when it may.
    /// </summary>
    public string? WhyHeld() => _ledger.WhyFeedHeld(Gateway) ?? _ledger.WhyFeedHeld(BallotBox);

    // An enrolled gateway that was not retired: one that votes and writes CloseSeen.
    private bool IsActive(AuthorityTable authority) => authority.Members.GetValueOrDefault(Gateway) is { Role: Role.Gateway, IsRetired: false };

    // Whether this gateway should write CloseSeen for the ballot now; closedAlready when it has.
    private bool CloseDue(string ballotId, out bool closedAlready)
    {
        Refresh();
        lock (_sync)
        {
            closedAlready = false;
            if (!_projection.Ballots.TryGetValue(ballotId, out var ballot) || !_projection.IsOpened(ballotId)) return false;
            closedAlready = _projection.CloseSeenAt(ballotId, Gateway) is not null;
            if (closedAlready) return false;
            // A gateway that must not write (rolled back) writes its CloseSeen once its feed is back; the next check does it.
            return BallotAvailability.IsCloseDue(_projection, ballot.Definition, _options.Time.GetUtcNow()) && IsActive(_authority!) && WhyHeld() is null;
        }
    }

    /// <summary>
    /// Publishes the batches that are due: a ballot whose queue holds its batch size, whose oldest queued vote (as this
    /// desk saw it) has waited the batch window, or that is closed. Finishes any batch a crash cut short first. The
    /// gateway's host calls this on a timer; returns how many votes were published.
    /// </summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken = default)
    {
        Refresh();
        var counts = _queue.CountsByBallot(Gateway);
        var unfinished = _queue.Claimed(Gateway).Count > 0;
        var now = _options.Time.GetUtcNow();
        var due = new List<string>();
        lock (_sync)
        {
            foreach (var stale in _windowOpened.Keys.Where(b => !counts.ContainsKey(b)).ToList()) _windowOpened.Remove(stale);
            foreach (var (ballotId, count) in counts)
            {
                var opened = _windowOpened.TryGetValue(ballotId, out var at) ? at : _windowOpened[ballotId] = now;
                var definition = _projection.Ballots.GetValueOrDefault(ballotId)?.Definition;
                var full = count >= (definition?.EffectiveBatchSize ?? BallotDefinition.DefaultBatchSize);
                var waited = now - opened >= (definition?.BatchWindow ?? TimeSpan.FromMinutes(BallotDefinition.DefaultBatchMinutes));
                var over = definition is null || !BallotAvailability.IsOpenAt(_projection, ballotId, Gateway, now);
                if (full || waited || over) due.Add(ballotId);
            }
        }
        if (due.Count == 0 && !unfinished) return 0;
        await _boxGate.WaitAsync(cancellationToken);
        try
        {
            using (await PublisherLock.AcquireAsync(_queue.LockPath, cancellationToken))
            {
                if (!await DeclareBoxCoreAsync(cancellationToken)) return 0;
                var published = await RecoverCoreAsync(cancellationToken);
                foreach (var ballotId in due) published += await PublishCoreAsync(ballotId, cancellationToken);
                return published;
            }
        }
        finally
        {
            _boxGate.Release();
        }
    }

    /// <summary>Publishes every queued vote of <paramref name="ballotId"/> now, as one shuffled batch; returns how many.</summary>
    public async Task<int> FlushAsync(string ballotId, CancellationToken cancellationToken = default)
    {
        await _boxGate.WaitAsync(cancellationToken);
        try
        {
            using (await PublisherLock.AcquireAsync(_queue.LockPath, cancellationToken))
            {
                if (!await DeclareBoxCoreAsync(cancellationToken)) return 0;
                return await RecoverCoreAsync(cancellationToken) + await PublishCoreAsync(ballotId, cancellationToken);
            }
        }
        finally
        {
            _boxGate.Release();
        }
    }

    /// <summary>
    /// Declares this gateway's ballot box (<c>BallotBoxKeyed</c> in its feed) when it has not yet, and finishes any batch
    /// a crash cut short. The host calls it on start. False when the box cannot be used (the gateway is not enrolled).
    /// </summary>
    public async Task<bool> PrepareBallotBoxAsync(CancellationToken cancellationToken = default)
    {
        await _boxGate.WaitAsync(cancellationToken);
        try
        {
            using (await PublisherLock.AcquireAsync(_queue.LockPath, cancellationToken))
            {
                if (!await DeclareBoxCoreAsync(cancellationToken)) return false;
                await RecoverCoreAsync(cancellationToken);
                return true;
            }
        }
        finally
        {
            _boxGate.Release();
        }
    }

    /// <summary>
    /// Why this gateway's ballot box is neither declared nor declarable now — not enrolled (yet), retired, its feeds held
    /// (the start-up check, a rollback) — or null when it is declared or <see cref="PrepareBallotBoxAsync"/> can declare
    /// it. Cheap (no lock, no store read): the host asks it at each commit until the box is declared.
    /// </summary>
    public string? WhyNoBallotBox() => WhyNoBallotBox(_ledger.Authority);

    private string? WhyNoBallotBox(AuthorityTable authority)
    {
        // A retired gateway's box takes nothing more: its votes past the retirement would not count.
        if (authority.Members.GetValueOrDefault(Gateway) is { IsRetired: true }) return "this gateway is retired";
        // Neither while its feeds are held or rolled back here: the queue waits, and is published once they are back.
        if (WhyHeld() is { } held) return held;
        if (authority.BallotBoxOf(Gateway) is { } bound) return bound.Box == BallotBox ? null : $"the ledger binds another key ({bound.Box.ShortHex}) as this gateway's ballot box";
        if (authority.RoleOf(Gateway) is not (Role.Gateway or Role.Hub)) return "this gateway is not enrolled in the assembly (yet)";
        return _ledger.Assembly is null ? "the ledger has no assembly yet" : null;
    }

    // Under the box gate: true when this gateway's box is the one the authority table binds to it, declaring it if needed.
    private async Task<bool> DeclareBoxCoreAsync(CancellationToken cancellationToken)
    {
        Refresh();
        lock (_sync)
        {
            if (WhyNoBallotBox(_authority!) is not null) return false;
            if (_authority!.BallotBoxOf(Gateway) is not null) return true;
            // Declared in this process already, yet not bound: a second declaration would change nothing.
            if (_declaredBox) return false;
        }
        using var box = BallotBoxKey.Derive(_gateway);
        var body = BallotBoxKey.Declaration(_ledger.Assembly!.Value, Gateway, box);
        var result = await AppendOwnAsync(EventKinds.BallotBoxKeyed, BodyJson.Write(body), TimeSpan.FromMilliseconds(1), cancellationToken);
        if (result.Event is null) return false;
        _declaredBox = true;
        Refresh();
        lock (_sync) return _authority!.BallotBoxOf(Gateway)?.Box == BallotBox;
    }

    // Under the box gate and publisher lock: publishes the ballot's queued votes as one batch; returns how many.
    private async Task<int> PublishCoreAsync(string ballotId, CancellationToken cancellationToken)
    {
        var batch = _queue.Claim(Gateway, ballotId, QueuedVote.NewId());
        if (batch.Count == 0) return 0;
        var published = await PublishBatchAsync(ballotId, batch, [], [], cancellationToken);
        lock (_sync) _windowOpened.Remove(ballotId);
        return published;
    }

    /// <summary>
    /// Under the box gate and publisher lock: finishes every batch a crash cut short. Its votes already in the box feed
    /// (the same body) are not published again, trackers already in a receipts event are not listed again, and the rest is
    /// published as the batch it was claimed as. Returns how many votes it published.
    /// </summary>
    private async Task<int> RecoverCoreAsync(CancellationToken cancellationToken)
    {
        var unfinished = _queue.Claimed(Gateway);
        if (unfinished.Count == 0) return 0;
        var inBox = new HashSet<string>(StringComparer.Ordinal);
        var receipted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in _ledger.ReadFeed(BallotBox))
        {
            if (e.Kind == VotingKinds.VoteCast) inBox.Add(Convert.ToBase64String(e.Body.Span));
            else if (e.Kind == VotingKinds.BallotReceipts && BodyJson.TryRead<BallotReceiptsBody>(e.Body, out var receipts, out _)) receipted.UnionWith(receipts.Trackers);
        }
        var published = 0;
        foreach (var batch in unfinished) published += await PublishBatchAsync(batch[0].Ballot, batch, inBox, receipted, cancellationToken);
        return published;
    }

    /// <summary>
    /// Publishes a claimed batch into the box: its votes not yet in the box, in a CSPRNG-shuffled order, then one receipts
    /// event listing the batch's trackers sorted, all with a coarse time; then deletes the batch from the queue. Throws
    /// (leaving the batch claimed, for recovery) when the ledger refuses.
    /// </summary>
    private async Task<int> PublishBatchAsync(string ballotId, IReadOnlyList<QueuedVote> batch, HashSet<string> inBox, HashSet<string> receipted, CancellationToken cancellationToken)
    {
        TimeSpan granularity;
        lock (_sync)
        {
            var window = _projection.Ballots.GetValueOrDefault(ballotId)?.Definition.BatchWindow ?? TimeSpan.Zero;
            granularity = window > _options.SecretTimeGranularity ? window : _options.SecretTimeGranularity;
        }
        var votes = batch.Where(v => !inBox.Contains(Convert.ToBase64String(v.Body))).ToArray();
        RandomNumberGenerator.Shuffle(votes.AsSpan());
        using var box = BallotBoxKey.Derive(_gateway);
        // Handed to the ledger together, in the shuffled order (which is the order of their seqs), so they share commits.
        var appends = votes.Select(v => AppendAsAsync(box, VotingKinds.VoteCast, v.Body, granularity, cancellationToken)).ToList();
        foreach (var result in await Task.WhenAll(appends))
            if (result.Event is null) throw new InvalidOperationException($"the ledger refused a ballot-box vote: {result.Rejection}");
        var trackers = batch.Select(v => v.Tracker).Where(t => !receipted.Contains(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var chunk in trackers.Chunk(BallotReceiptsBody.MaxTrackers))
        {
            var receipts = await AppendAsAsync(box, VotingKinds.BallotReceipts, BodyJson.Write(new BallotReceiptsBody(ballotId, chunk)), granularity, cancellationToken);
            if (receipts.Event is null) throw new InvalidOperationException($"the ledger refused a batch's receipts: {receipts.Rejection}");
        }
        _queue.Delete(batch);
        return votes.Length;
    }

    /// <summary>Appends to this gateway's feed and applies the committed event to the projection at once.</summary>
    private async Task<AppendResult> AppendOwnAsync(string kind, byte[] body, TimeSpan granularity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _ownAppendsInFlight);
        try
        {
            return await AppendAsAsync(_gateway, kind, body, granularity, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _ownAppendsInFlight);
        }
    }

    /// <summary>Appends to <paramref name="author"/>'s feed and applies the committed event to the projection at once.</summary>
    private async Task<AppendResult> AppendAsAsync(AuthorKeyPair author, string kind, byte[] body, TimeSpan granularity, CancellationToken cancellationToken)
    {
        var result = await _ledger.AppendAsync(author, kind, body, granularity, cancellationToken);
        if (result.Event is { } e)
        {
            lock (_sync) _projection.Apply(e);
            Interlocked.Increment(ref _ownApplied);
        }
        return result;
    }

    private static VoteOutcome Refuse(VoteRefusalReason reason, string message) => VoteOutcome.Refused(reason, message);
}
