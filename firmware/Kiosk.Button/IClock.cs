namespace Kiosk.Button
{
    /// <summary>Monotonic time and idle waiting; on the device the idle wait is a light sleep (low power).</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary start; never goes backwards.</summary>
        long NowMs { get; }

        /// <summary>Waits about <paramref name="milliseconds"/>, sleeping the CPU where the board can.</summary>
        void Idle(int milliseconds);
    }
}
