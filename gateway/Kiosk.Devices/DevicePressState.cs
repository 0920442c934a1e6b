namespace Kiosk.Devices;

/// <summary>
/// One device's replay state: its last counter, that press's HMAC and the ack it got (re-sent when the same press is
/// retried). <see cref="Gate"/> serialises the device's presses.
/// </summary>
internal sealed class DevicePressState
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public long LastCounter { get; set; }
    public string? LastHmac { get; set; }
    public AckMessage? LastAck { get; set; }
}
