namespace Kiosk.Button.Simulator;

/// <summary>How one simulated press ended: sent or not, the feedback shown, reason, tracker, latency press-to-ack, sends.</summary>
public sealed record PressResult(bool Sent, int Feedback, string? Reason, string? Tracker, long Counter, TimeSpan Latency, int Attempts)
{
    /// <summary>True when the gateway acked the vote as recorded.</summary>
    public bool Accepted => Feedback == ButtonFeedback.Accepted;

    /// <summary>A press the button would not send (nothing open, or one still waiting).</summary>
    public static PressResult NotSent { get; } = new(false, ButtonFeedback.None, null, null, 0, TimeSpan.Zero, 0);
}
