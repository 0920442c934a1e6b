namespace Kiosk.Button
{
    /// <summary>Told when a press ends: accepted (with tracker), refused (with reason), or given up after every retry.</summary>
    public delegate void ButtonAckHandler(VoteButton button, long counter, int feedback, string reason, string tracker);
}
