namespace Kiosk.Button.Simulator;

/// <summary>The simulator's <see cref="IClock"/>: the process's monotonic tick count; idle is a thread sleep.</summary>
public sealed class SimulatedClock : IClock
{
    /// <inheritdoc />
    public long NowMs => Environment.TickCount64;

    /// <inheritdoc />
    public void Idle(int milliseconds) => Thread.Sleep(milliseconds);
}
