using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Diagnostics;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench votes</c>: votes per second through the whole path a kiosk takes — code check, VoteCast authored
/// and durably committed, projection updated — with many residents voting at once. By default on an open code ballot
/// (the vote goes straight into the gateway's feed); with <c>--secret</c>, on a secret ballot, whose votes are first
/// committed to the ballot-box queue and published in shuffled batches of five (docs/secrecy.md).
/// </summary>
public static class VoteBench
{
    private static readonly string[] YesNoAbstain = ["yes", "no", "abstain"];

    public static Command Create()
    {
        var votes = new Option<int>("--votes") { Description = "Votes cast (each with its own code).", DefaultValueFactory = _ => 20_000 };
        var voters = new Option<int>("--voters") { Description = "Residents voting at the same time.", DefaultValueFactory = _ => 64 };
        var secret = new Option<bool>("--secret") { Description = "Vote on a secret ballot (ballot-box queue and batches) instead of an open code ballot." };
        var command = new Command("votes", "Votes/s and latency through code check, VoteCast commit and projection update.") { votes, voters, secret };
        command.SetAction(async context =>
        {
            var count = context.Get(votes);
            var concurrency = context.Get(voters);
            if (count < 1 || concurrency < 1) throw new UserErrorException("--votes and --voters must be positive");
            var folder = Path.Combine(context.Data.Root.FullName, "bench-votes-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var report = await RunAsync(folder, count, concurrency, context.Get(secret), context.Cancellation);
                if (context.Json)
                {
                    await context.WriteJsonAsync(report);
                }
                else
                {
                    var table = new Table().AddColumns("cores", "voters", "votes", "seconds", "votes/s", "p50 ms", "p99 ms", "commits");
                    table.AddRow(report.Cores.ToString(), report.Voters.ToString(), report.Votes.ToString(), report.Seconds.ToString("F2"),
                        report.VotesPerSecond.ToString("N0"), report.P50Ms.ToString("F2"), report.P99Ms.ToString("F2"), report.Commits.ToString());
                    context.Console.Write(table);
                }
                return 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }

    /// <summary>The figures of one run.</summary>
    public sealed record VoteBenchReport(int Cores, int Voters, int Votes, double Seconds, double VotesPerSecond, double P50Ms, double P99Ms, long Commits);

    private static async Task<VoteBenchReport> RunAsync(string folder, int count, int concurrency, bool secret, CancellationToken cancellationToken)
    {
        await using var ledger = Kiosk.Ledger.Ledger.Open(Path.Combine(folder, "ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        await Must(ledger.FoundAsync(founder, "Benchmark assembly", ["en"], cancellationToken));
        await Must(ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "bench")), cancellationToken));
        var ballot = new BallotDefinition
        {
            Id = "bench",
            Title = new() { ["en"] = "Benchmark" },
            Method = "yes-no",
            Options = YesNoAbstain.Select(o => new BallotOption(o, new() { ["en"] = o })).ToArray(),
            Revote = BallotDefinition.FirstCounts,
            Secret = secret,
        };
        await Must(ledger.AppendAsync(founder, VotingKinds.BallotPublished, BodyJson.Write(new BallotPublishedBody(ballot)), cancellationToken));
        var codes = Enumerable.Range(0, count).Select(_ => VoterCode.Generate()).ToArray();
        foreach (var body in CodeIssuance.Bodies(["bench"], codes.Select(c => VoterCode.Normalize(c, out _)!).ToList()))
            await Must(ledger.AppendAsync(founder, VotingKinds.VoterCodesIssued, BodyJson.Write(body), cancellationToken));
        await Must(ledger.AppendAsync(founder, VotingKinds.BallotOpened, BodyJson.Write(new BallotRefBody("bench")), cancellationToken));
        var desk = new VotingDesk(ledger, gateway);
        desk.Refresh();

        var latencies = new double[count];
        var next = -1;
        var commitsBefore = ledger.Commits;
        string[][] choices = [["yes"], ["no"], ["abstain"]];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await desk.CastWithCodeAsync("bench", codes[i], choices[i % 3], cancellationToken: cancellationToken);
                if (!outcome.IsAccepted) throw new InvalidOperationException($"benchmark vote refused: {outcome.Refusal}");
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, cancellationToken)));
        await desk.FlushAsync("bench", cancellationToken); // the last, incomplete batch (a close would publish it)
        clock.Stop();
        if (desk.Report("bench")!.Counted.Count != count) throw new InvalidOperationException("not every vote was counted");
        Array.Sort(latencies);
        return new VoteBenchReport(Environment.ProcessorCount, concurrency, count, clock.Elapsed.TotalSeconds, count / clock.Elapsed.TotalSeconds,
            latencies[count / 2], latencies[Math.Min(count - 1, (int)Math.Ceiling(0.99 * count) - 1)], ledger.Commits - commitsBefore);
    }

    private static async Task Must(Task<AppendResult> append)
    {
        var result = await append;
        if (!result.IsCommitted) throw new InvalidOperationException($"benchmark setup refused: {result.Rejection}");
    }
}
