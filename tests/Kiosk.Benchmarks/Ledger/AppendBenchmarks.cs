using BenchmarkDotNet.Attributes;
using Kiosk.Ledger;
using LedgerStore = Kiosk.Ledger.Ledger;

namespace Kiosk.Benchmarks.Ledger;

/// <summary>
/// One append, awaited until durable: sign, insert, commit with an fsync (SQLite WAL, synchronous=FULL) on a real
/// file in the temp folder. No other writer shares the commit, so this is the single-event latency.
/// </summary>
[MemoryDiagnoser]
public class AppendBenchmarks
{
    private string _folder = null!;
    private LedgerStore _ledger = null!;
    private AuthorKeyPair _founder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "kiosk-bench-" + Guid.NewGuid().ToString("n")[..12]);
        _ledger = LedgerStore.Open(Path.Combine(_folder, "ledger.db"), LedgerBenchmarkData.Options());
        _founder = AuthorKeyPair.Generate();
        if (!_ledger.FoundAsync(_founder, "Bench assembly", ["en"]).GetAwaiter().GetResult().IsCommitted)
            throw new InvalidOperationException("founding the benchmark ledger failed");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _founder.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Appends one event and waits for its commit.</summary>
    [Benchmark]
    public async Task<AppendResult> AppendAndCommit() => await _ledger.AppendAsync(_founder, LedgerBenchmarkData.Note, LedgerBenchmarkData.NoteBody);
}
