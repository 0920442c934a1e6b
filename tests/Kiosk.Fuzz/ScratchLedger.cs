using Kiosk.Ledger;

namespace Kiosk.Fuzz;

/// <summary>
/// A real ledger file in a temporary folder, opened once per fuzzing process: the targets that receive events do so
/// through <see cref="Kiosk.Ledger.Ledger.ReceiveAsync(IReadOnlyList{byte[]}, CancellationToken)"/> as a peer or an import would.
/// </summary>
public sealed class ScratchLedger : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kiosk-fuzz-").FullName;
    private Ledger.Ledger? _ledger;

    /// <summary>The ledger, opened on first use.</summary>
    public Ledger.Ledger Ledger => _ledger ??= Kiosk.Ledger.Ledger.Open(Path.Combine(_folder, "ledger.db"));

    /// <summary>Receives <paramref name="raws"/> and checks the results' shape: one per input, in order, each with a status.</summary>
    public IReadOnlyList<ReceiveResult> Receive(IReadOnlyList<byte[]> raws)
    {
        var results = Ledger.ReceiveAsync(raws).GetAwaiter().GetResult();
        if (results.Count != raws.Count) throw new InvalidOperationException($"ReceiveAsync gave {results.Count} results for {raws.Count} events");
        foreach (var r in results)
            if (r.Status == ReceiveStatus.Rejected && r.Rejection is null) throw new InvalidOperationException("a rejection without a reason");
        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ledger?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
