using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Kiosk.Ledger;
using LedgerStore = Kiosk.Ledger.Ledger;

namespace Kiosk.Benchmarks.Ledger;

/// <summary>
/// What reading a whole ledger back costs: <c>kiosk verify</c> (every row, every signature) and the start-up check a
/// gateway runs before serving (the same, but the events its head records vouch for are not signature-checked one by
/// one). The ledger is one feed of notes written here, as a gateway's votes are; "no records" is the same file alone,
/// as after an import, where the start-up check must check every signature.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)] // seconds per call: no pilot, no repeats
public class VerifyBenchmarks
{
    private const int ConcurrentAppends = 512;
    private string _folder = null!;
    private string _authored = null!;
    private string _bare = null!;
    private KindRegistry _kinds = null!;

    /// <summary>Events in the ledger.</summary>
    [Params(10_000, 100_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "kiosk-bench-" + Guid.NewGuid().ToString("n")[..12]);
        _authored = Path.Combine(_folder, "authored", "ledger.db");
        _bare = Path.Combine(_folder, "bare", "ledger.db");
        var options = LedgerBenchmarkData.Options();
        _kinds = options.Kinds;
        using (var ledger = LedgerStore.Open(_authored, options))
        using (var founder = AuthorKeyPair.Generate())
        {
            if (!ledger.FoundAsync(founder, "Bench assembly", ["en"]).GetAwaiter().GetResult().IsCommitted)
                throw new InvalidOperationException("founding the benchmark ledger failed");
            for (var written = 1; written < Events; written += ConcurrentAppends)
            {
                var batch = Enumerable.Range(0, Math.Min(ConcurrentAppends, Events - written))
                    .Select(_ => ledger.AppendAsync(founder, LedgerBenchmarkData.Note, LedgerBenchmarkData.NoteBody));
                if (Task.WhenAll(batch).GetAwaiter().GetResult().Any(r => !r.IsCommitted)) throw new InvalidOperationException("an append was refused");
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_bare)!);
        File.Copy(_authored, _bare);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary><c>kiosk verify</c>: every row and every signature.</summary>
    [Benchmark]
    public VerifyReport Verify() => Valid(LedgerVerifier.Verify(_authored, _kinds));

    /// <summary>The start-up check of a gateway's own ledger: its head record vouches for its feed.</summary>
    [Benchmark]
    public VerifyReport StartupCheck() => Valid(LedgerIntegrity.Check(_authored, _kinds));

    /// <summary>The start-up check of the same events with no head record (an imported ledger).</summary>
    [Benchmark]
    public VerifyReport StartupCheckNoRecords() => Valid(LedgerIntegrity.Check(_bare, _kinds));

    private static VerifyReport Valid(VerifyReport report) =>
        report.IsValid ? report : throw new InvalidOperationException(string.Join("; ", report.Problems.Take(3)));
}
