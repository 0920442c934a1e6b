namespace Kiosk.Gateway.Host;

/// <summary>What the running gateway answers a command sent over its control socket: the exit code and what it printed.</summary>
public sealed record ControlReply(int ExitCode, string Output, string Error);
