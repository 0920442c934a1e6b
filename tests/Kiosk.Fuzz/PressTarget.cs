using System.Buffers;
using Kiosk.Devices;

namespace Kiosk.Fuzz;

/// <summary>
/// A device's press payload as the broker receives it on <c>device/{id}/vote</c>: decoded (a refusal is a problem
/// sentence, which becomes the <c>malformed</c>/<c>too-large</c> ack), its counter read back for the refusal, and a
/// decoded press's HMAC verified.
/// </summary>
public sealed class PressTarget : IFuzzTarget
{
    private static readonly byte[] Secret = new byte[DeviceProtocol.SecretBytes];

    /// <inheritdoc />
    public string Name => "press";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        var payload = new ReadOnlySequence<byte>(input);
        var press = DeviceProtocol.DecodePress(payload, out var problem);
        if ((press is null) == (problem is null)) throw new InvalidOperationException("a press must be either decoded or refused with a problem");
        _ = DeviceProtocol.CounterOf(payload);
        if (press is not null)
        {
            DeviceProtocol.Verify(Secret, "assembly", "device", press);
            // Encoding escapes some characters, so a press near the size limit may not fit once written again.
            var encoded = System.Text.Encoding.UTF8.GetBytes(DeviceProtocol.EncodePress(press));
            if (encoded.Length > DeviceProtocol.MaxPayloadBytes) return;
            var again = DeviceProtocol.DecodePress(new ReadOnlySequence<byte>(encoded), out var reproblem);
            if (again != press) throw new InvalidOperationException($"a decoded press does not survive encoding: {reproblem}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
