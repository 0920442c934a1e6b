using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;
using Microsoft.Data.Sqlite;

namespace Kiosk.Voting.Tests.Crash;

/// <summary>
/// Promise 4 for secret votes under SIGKILL: a child process casts secret votes (batches of three) and prints each
/// receipt once the vote is durable in its ballot-box queue; it is killed at random moments — between a receipt and
/// its batch's publication, in the middle of publishing a batch — and restarted. In the end every receipted vote is in
/// the ballot box exactly once, every receipted tracker is in exactly one batch's receipts, and every one counts.
/// </summary>
public sealed class BallotBoxCrashTests
{
    private const int Cycles = 10;
    private const int Codes = 200;
    private const int MaxReceiptsBeforeKill = 7;
    private const int VotesPerRun = MaxReceiptsBeforeKill + 5;

    [Fact]
    public async Task Every_receipted_secret_vote_is_counted_exactly_once_after_SIGKILLs()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        using var folder = new TempFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var codes = await PrepareAsync(folder);
        var receipts = new Dictionary<int, string>();
        var next = 0;
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var where = $"seed {seed}, cycle {cycle}";
            var killAfter = random.Next(1, MaxReceiptsBeforeKill + 1);
            var last = next - 1;
            using (var voter = CrashVoterProcess.Start(folder.Path, next, VotesPerRun))
            {
                for (var n = 0; n < killAfter; n++)
                {
                    var (index, tracker) = await voter.ReadReceiptAsync(timeout.Token)
                        ?? throw new Xunit.Sdk.XunitException($"{where}: the voter stopped after {n} receipts: {voter.ExitAndStderr()}");
                    receipts[index] = tracker;
                    last = index;
                }
                voter.Kill();
                // Receipts it printed before it died (the pipe still holds them) are receipts all the same.
                while (await voter.ReadReceiptAsync(timeout.Token) is var (index, tracker))
                {
                    receipts[index] = tracker;
                    last = index;
                }
            }
            // The code after the last receipt may have been recorded without its receipt being printed: it is not reused.
            next = last + 2;
            var report = LedgerVerifier.Verify(folder.File("ledger.db"), VotingKinds.CreateRegistry());
            Assert.True(report.IsValid, $"{where}: {string.Join("; ", report.Problems)}");
        }
        Assert.True(next < Codes, "the codes ran out");

        // The gateway starts once more (finishing whatever a kill cut short), and the ballot closes: the queue empties.
        SqliteConnection.ClearAllPools();
        await using var ledger = Ledger.Ledger.Open(folder.File("ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        using var gateway = KeyFile.Read(folder.File("gateway.key"));
        using var facilitator = KeyFile.Read(folder.File("founder.key"));
        var desk = new VotingDesk(ledger, gateway);
        Assert.True(await desk.PrepareBallotBoxAsync());
        Assert.True((await ledger.AppendAsync(facilitator, VotingKinds.BallotClosed, BodyJson.Write(new BallotRefBody("lift")))).IsCommitted);
        await desk.CloseIfDueAsync("lift");
        Assert.Equal(0, desk.QueuedCount("lift"));

        var boxFeed = ledger.ReadFeed(desk.BallotBox);
        var credentials = boxFeed.Where(e => e.Kind == VotingKinds.VoteCast)
            .Select(e => BodyJson.TryRead<VoteCastBody>(e.Body, out var v, out _) ? v.Credential! : throw new InvalidOperationException()).ToList();
        var listed = boxFeed.Where(e => e.Kind == VotingKinds.BallotReceipts)
            .SelectMany(e => BodyJson.TryRead<BallotReceiptsBody>(e.Body, out var r, out _) ? r.Trackers : throw new InvalidOperationException()).ToList();
        // Nothing was published twice: no credential (each code voted once) and no tracker appears twice.
        Assert.Equal(credentials.Count, credentials.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        var counted = desk.Report("lift")!.Counted.Select(v => v.Body.Credential!).ToHashSet(StringComparer.Ordinal);
        foreach (var (index, tracker) in receipts)
        {
            var credential = VoterCode.Credential(VoterCode.Normalize(codes[index], out _)!, "lift");
            Assert.True(credentials.Count(c => c == credential) == 1, $"seed {seed}: receipted vote {index} is in the box {credentials.Count(c => c == credential)} times");
            Assert.Contains(tracker, listed);
            Assert.Contains(credential, counted);
        }
        Assert.Equal(credentials.Count, counted.Count);
    }

    /// <summary>An assembly with one enrolled gateway and one open secret ballot (batches of three), its codes in codes.txt.</summary>
    private static async Task<string[]> PrepareAsync(TempFolder folder)
    {
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        KeyFile.Write(folder.File("founder.key"), founder);
        KeyFile.Write(folder.File("gateway.key"), gateway);
        var codes = Enumerable.Range(0, Codes).Select(_ => VoterCode.Generate()).Distinct().ToArray();
        await File.WriteAllLinesAsync(folder.File("codes.txt"), codes);
        await using var ledger = Ledger.Ledger.Open(folder.File("ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        async Task Write<T>(string kind, T body) where T : ICheckedBody =>
            Assert.True((await ledger.AppendAsync(founder, kind, BodyJson.Write(body))).IsCommitted, kind);
        Assert.True((await ledger.FoundAsync(founder, "Crash test assembly", ["en"])).IsCommitted);
        await Write(EventKinds.GatewayEnrolled, new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "hall"));
        var ballot = new BallotDefinition
        {
            Id = "lift",
            Title = new() { ["en"] = "Lift repair" },
            Method = "yes-no",
            Options = VotingWorldOptions(),
            BatchSize = 3,
            BatchMinutes = BallotDefinition.MaxBatchMinutes,
        };
        await Write(VotingKinds.BallotPublished, new BallotPublishedBody(ballot));
        foreach (var body in CodeIssuance.Bodies(["lift"], codes.Select(c => VoterCode.Normalize(c, out _)!).ToList()))
            await Write(VotingKinds.VoterCodesIssued, body);
        await Write(VotingKinds.BallotOpened, new BallotRefBody("lift"));
        return codes;
    }

    private static BallotOption[] VotingWorldOptions() =>
        Ballots.VotingWorld.YesNo.Select(o => new BallotOption(o, new() { ["en"] = o })).ToArray();
}
