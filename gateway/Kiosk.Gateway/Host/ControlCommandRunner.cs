namespace Kiosk.Gateway.Host;

/// <summary>
/// Runs one command line for the control socket inside the running gateway (the command line supplies it: the host
/// does not know the commands) and returns its exit code, having printed to <paramref name="output"/> and <paramref name="error"/>.
/// </summary>
public delegate Task<int> ControlCommandRunner(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken);
