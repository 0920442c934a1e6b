namespace Kiosk.Gateway.Host;

/// <summary>One check of <c>/health/ready</c>: its name, whether it passes, and a sentence on what was seen.</summary>
/// <param name="Name">ledger, broker, disk or peers.</param>
/// <param name="Ok">Whether it passes.</param>
/// <param name="Detail">What was seen, in words.</param>
public sealed record HealthCheck(string Name, bool Ok, string Detail);
