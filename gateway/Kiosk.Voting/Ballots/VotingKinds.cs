using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Voting.Ballots;

/// <summary>The event kinds of ballots and votes, registered into a ledger's <see cref="KindRegistry"/>.</summary>
public static class VotingKinds
{
    /// <summary>A facilitator publishes a ballot's definition.</summary>
    public const string BallotPublished = "BallotPublished";

    /// <summary>A facilitator issues one-time voter codes (only their double hashes are published).</summary>
    public const string VoterCodesIssued = "VoterCodesIssued";

    /// <summary>A facilitator opens a ballot for votes.</summary>
    public const string BallotOpened = "BallotOpened";

    /// <summary>A facilitator closes a ballot early.</summary>
    public const string BallotClosed = "BallotClosed";

    /// <summary>A gateway records that it has learnt of the close: its later votes do not count.</summary>
    public const string CloseSeen = "CloseSeen";

    /// <summary>A gateway (or, for secret ballots, its ballot box) records a vote it checked.</summary>
    public const string VoteCast = "VoteCast";

    /// <summary>A ballot box lists the sorted receipt trackers of the batch of secret votes it just published.</summary>
    public const string BallotReceipts = "BallotReceipts";

    /// <summary>A facilitator posts a notice.</summary>
    public const string NoticePosted = "NoticePosted";

    /// <summary>A facilitator certifies a result, naming the gateway feeds it includes.</summary>
    public const string ResultCertified = "ResultCertified";

    /// <summary>A facilitator records that a member gave their proxy to a delegate (roll-call ballots).</summary>
    public const string ProxyRecorded = "ProxyRecorded";

    /// <summary>Adds the voting kinds to <paramref name="registry"/>.</summary>
    public static KindRegistry Register(KindRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        const Role gateways = Role.Gateway | Role.Hub;
        registry.Add(new KindRule(BallotPublished, Role.Facilitator, false, BodyJson.Checker<BallotPublishedBody>()));
        registry.Add(new KindRule(VoterCodesIssued, Role.Facilitator, false, BodyJson.Checker<VoterCodesIssuedBody>()));
        registry.Add(new KindRule(BallotOpened, Role.Facilitator, false, BodyJson.Checker<BallotRefBody>()));
        registry.Add(new KindRule(BallotClosed, Role.Facilitator, false, BodyJson.Checker<BallotRefBody>()));
        registry.Add(new KindRule(CloseSeen, gateways, false, BodyJson.Checker<CloseSeenBody>()));
        // A ballot box writes secret votes and their receipts, and nothing else (docs/secrecy.md).
        registry.Add(new KindRule(VoteCast, gateways | Role.BallotBox, false, BodyJson.Checker<VoteCastBody>()));
        registry.Add(new KindRule(BallotReceipts, Role.BallotBox, false, BodyJson.Checker<BallotReceiptsBody>()));
        registry.Add(new KindRule(NoticePosted, Role.Facilitator, false, BodyJson.Checker<NoticePostedBody>()));
        registry.Add(new KindRule(ResultCertified, Role.Facilitator, false, BodyJson.Checker<ResultCertifiedBody>()));
        registry.Add(new KindRule(ProxyRecorded, Role.Facilitator, false, BodyJson.Checker<ProxyRecordedBody>()));
        return registry;
    }

    /// <summary>A registry with the ledger's kinds, the voting kinds and the presence kinds: what a gateway knows.</summary>
    public static KindRegistry CreateRegistry() => Presence.PresenceKinds.Register(Register(KindRegistry.CreateWithCoreKinds()));
}
