namespace Kiosk.Tools;

/// <summary>The reference Mosquitto of <c>kiosk bench devices</c> exited before its clients connected (a bad config or a taken port).</summary>
public sealed class MosquittoExitedException : Exception
{
    public MosquittoExitedException() { }

    public MosquittoExitedException(string message) : base(message) { }

    public MosquittoExitedException(string message, Exception inner) : base(message, inner) { }
}
