namespace Kiosk.Gateway.Web.Camera;

/// <summary>
/// Bounds the camera endpoint's work: at most <see cref="FramesPerSecond"/> frames are decoded in any second of the
/// gateway's clock and only <see cref="Concurrent"/> at a time, whoever sends them. The kiosk page sends a few frames a
/// second; anything beyond is refused (429) without decoding, so a flood of frames cannot take the gateway's CPU from
/// voting.
/// </summary>
public sealed class CameraGate(TimeProvider time)
{
    /// <summary>Frames decoded per second at most (the page sends four).</summary>
    public const int FramesPerSecond = 8;

    /// <summary>Frames decoded at the same time at most.</summary>
    public const int Concurrent = 1;

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly Lock _lock = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private int _decoding;

    /// <summary>A permit to decode one frame now, or null when the rate or concurrency bound is reached; dispose it when done.</summary>
    public IDisposable? TryEnter()
    {
        lock (_lock)
        {
            var second = _time.GetUtcNow().ToUnixTimeSeconds();
            if (second != _windowStart) (_windowStart, _inWindow) = (second, 0);
            if (_inWindow >= FramesPerSecond) return null;
            if (_decoding >= Concurrent) return null;
            _inWindow++;
            _decoding++;
            return new Permit(this);
        }
    }

    private void Leave()
    {
        lock (_lock) _decoding--;
    }

    private sealed class Permit(CameraGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Leave();
        }
    }
}
