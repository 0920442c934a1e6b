using Kiosk.Ledger;

namespace Kiosk.Fuzz;

/// <summary>
/// A JSON Lines ledger archive as <c>kiosk import</c> reads it: the header and event lines through
/// <see cref="LedgerArchive.ReadAsync"/> (a refusal is an <see cref="InvalidDataException"/> naming the line), then the
/// events into a real ledger file.
/// </summary>
public sealed class ImportTarget : IFuzzTarget
{
    private readonly ScratchLedger _ledger = new();

    /// <inheritdoc />
    public string Name => "import";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        using var stream = new MemoryStream(input, writable: false);
        (LedgerArchive.Header Header, List<byte[]> Events) archive;
        try
        {
            archive = LedgerArchive.ReadAsync(stream, "fuzz.jsonl").GetAwaiter().GetResult();
        }
        catch (InvalidDataException e)
        {
            // The refusal is shown to the facilitator: it must name the file.
            if (!e.Message.StartsWith("fuzz.jsonl", StringComparison.Ordinal)) throw new InvalidOperationException($"a refusal that does not name the file: {e.Message}", e);
            return;
        }
        if (archive.Events.Count > 0) _ledger.Receive(archive.Events);
    }

    /// <inheritdoc />
    public void Dispose() => _ledger.Dispose();
}
