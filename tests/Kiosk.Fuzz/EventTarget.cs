using Kiosk.Ledger;

namespace Kiosk.Fuzz;

/// <summary>
/// The event decoder and the checks of <see cref="Ledger.Ledger.ReceiveAsync(byte[], CancellationToken)"/>: one raw
/// event, decoded, validated with and without its signature (so mutated bodies reach the per-kind body checks, which a
/// broken signature would otherwise stop first), then received by a real ledger file.
/// </summary>
public sealed class EventTarget : IFuzzTarget
{
    private readonly EventValidator _validator = new(KindRegistry.CreateWithCoreKinds());
    private readonly ScratchLedger _ledger = new();

    /// <inheritdoc />
    public string Name => "event";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decoded = EventEncoding.TryDecode(input, out var e, out var framing);
        if (decoded)
        {
            _validator.CheckDecoded(e, null, verifySignature: true);
            _validator.CheckDecoded(e, null, verifySignature: false);
            if (EventEncoding.IdOf(input) != e.Id) throw new InvalidOperationException("the decoded id is not the id of the bytes");
        }
        else if (framing is null)
        {
            throw new InvalidOperationException("a decoding failure without a reason");
        }
        var result = _ledger.Receive([input])[0];
        if (!decoded && result.Status != ReceiveStatus.Rejected) throw new InvalidOperationException("an undecodable event was not refused");
    }

    /// <inheritdoc />
    public void Dispose() => _ledger.Dispose();
}
