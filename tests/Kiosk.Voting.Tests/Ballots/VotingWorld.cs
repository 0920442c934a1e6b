using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>
/// An assembly on real SQLite ledgers: a founder, a second facilitator, and gateways each with its own replica and
/// voting desk. Time is a <see cref="FakeTimeProvider"/> shared by all, so scheduled closes are driven by the test.
/// </summary>
public sealed class VotingWorld : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private readonly string? _directory;

    private VotingWorld(int gateways, string? directory)
    {
        _directory = directory;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 18, 3, 17, TimeSpan.Zero));
        var options = new LedgerOptions { Kinds = VotingKinds.CreateRegistry(), Time = Time };
        for (var i = 0; i < gateways; i++)
        {
            var ledger = Ledger.Ledger.Open(DatabasePath(i), options);
            var key = AuthorKeyPair.Generate();
            Replicas.Add(ledger);
            GatewayKeys.Add(key);
            Desks.Add(new VotingDesk(ledger, key, new VotingDeskOptions { Time = Time }));
        }
    }

    public FakeTimeProvider Time { get; }
    public AuthorKeyPair Founder { get; } = AuthorKeyPair.Generate();
    public AuthorKeyPair Facilitator { get; } = AuthorKeyPair.Generate();
    public List<Ledger.Ledger> Replicas { get; } = [];
    public List<AuthorKeyPair> GatewayKeys { get; } = [];
    public List<VotingDesk> Desks { get; } = [];
    public Ledger.Ledger Home => Replicas[0];
    public VotingDesk Desk => Desks[0];
    public string DatabasePath(int replica) => _directory is null ? _folder.File($"gateway{replica}.db") : Path.Combine(_directory, $"gateway{replica}.db");

    /// <summary>Founds the assembly on replica 0, adds the facilitator, enrols every gateway, and syncs all replicas.</summary>
    public static async Task<VotingWorld> CreateAsync(int gateways = 1, string? directory = null)
    {
        var world = new VotingWorld(gateways, directory);
        Assert.True((await world.Home.FoundAsync(world.Founder, "Test assembly", ["en", "es"])).IsCommitted);
        await world.Write(world.Founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(world.Facilitator.PublicKey.ToHex(), "Facilitator"));
        for (var i = 0; i < gateways; i++)
            await world.Write(world.Founder, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(world.GatewayKeys[i].PublicKey.ToHex(), $"gateway-{i}"));
        await world.SyncAll();
        return world;
    }

    /// <summary>Appends on replica 0 (the facilitators' home) and fails the test when refused.</summary>
    public async Task<LedgerEvent> Write<T>(AuthorKeyPair author, string kind, T body, int replica = 0) where T : ICheckedBody
    {
        var result = await Replicas[replica].AppendAsync(author, kind, BodyJson.Write(body));
        Assert.True(result.IsCommitted, $"{kind} refused: {result.Rejection}");
        return result.Event!;
    }

    /// <summary>
    /// A ballot for tests. Secret ballots publish each vote in a batch of its own unless <paramref name="batchSize"/> says
    /// otherwise, so rules other than batching see every vote in the ledger at once.
    /// </summary>
    public static BallotDefinition Ballot(string id, string method, string[] options, string revote = BallotDefinition.LastCounts,
        bool secret = true, string eligibility = BallotDefinition.ByCodes, DateTimeOffset? closesAt = null, int seats = 1, decimal? budget = null, decimal[]? costs = null,
        int? batchSize = 1, int? batchMinutes = null) => new()
    {
        Id = id,
        Title = new() { ["en"] = $"Ballot {id}", ["es"] = $"Votación {id}" },
        Method = method,
        Options = options.Select((o, i) => new BallotOption(o, new() { ["en"] = o.ToUpperInvariant() }, costs?[i])).ToArray(),
        Revote = revote,
        Secret = secret,
        Eligibility = eligibility,
        ClosesAt = closesAt,
        Seats = seats,
        Budget = budget,
        BatchSize = secret ? batchSize : null,
        BatchMinutes = secret ? batchMinutes : null,
    };

    public static readonly string[] YesNo = ["yes", "no", "abstain"];

    /// <summary>
    /// Publishes, issues codes (per-ballot commitments; legacy H(H(code)) hashes when <paramref name="legacy"/>) and opens
    /// a ballot on replica 0; returns the plaintext codes.
    /// </summary>
    public async Task<string[]> PublishAndOpen(BallotDefinition ballot, int codes = 5, decimal weight = 1, bool open = true, bool legacy = false)
    {
        await Write(Facilitator, VotingKinds.BallotPublished, new BallotPublishedBody(ballot));
        var issued = Enumerable.Range(0, codes).Select(_ => VoterCode.Generate()).ToArray();
        await IssueAsync([ballot.Id], issued, weight, legacy);
        if (open) await Write(Facilitator, VotingKinds.BallotOpened, new BallotRefBody(ballot.Id));
        await SyncAll();
        return issued;
    }

    /// <summary>Issues <paramref name="codes"/> for a session of ballots on replica 0, per ballot (or in the legacy form).</summary>
    public async Task IssueAsync(string[] ballots, IReadOnlyList<string> codes, decimal weight = 1, bool legacy = false)
    {
        if (codes.Count == 0) return;
        var normalized = codes.Select(c => VoterCode.Normalize(c, out _)!).ToList();
        if (legacy)
            await Write(Facilitator, VotingKinds.VoterCodesIssued, new VoterCodesIssuedBody(ballots, normalized.Select(VoterCode.DoubleHash).ToArray(), weight));
        else
            foreach (var body in CodeIssuance.Bodies(ballots, normalized, weight)) await Write(Facilitator, VotingKinds.VoterCodesIssued, body);
    }

    /// <summary>Every desk publishes what its ballot-box queue holds for <paramref name="ballot"/>.</summary>
    public async Task PublishQueued(string ballot)
    {
        foreach (var desk in Desks) await desk.FlushAsync(ballot);
    }

    /// <summary>One direction of sync between two replicas.</summary>
    public async Task Sync(int from, int to)
    {
        var batch = Replicas[from].ReadMissing(Replicas[to].Vector).Select(e => e.Raw).ToList();
        var results = await Replicas[to].ReceiveAsync(batch);
        Assert.DoesNotContain(results, r => r.Status == ReceiveStatus.Rejected && r.Rejection!.Reason != RejectReason.Duplicate);
    }

    public async Task SyncAll()
    {
        for (var round = 0; round < 2; round++)
            for (var a = 0; a < Replicas.Count; a++)
                for (var b = 0; b < Replicas.Count; b++)
                    if (a != b) await Sync(a, b);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var ledger in Replicas) await ledger.DisposeAsync();
        _folder.Dispose();
    }
}
