namespace Kiosk.Gateway.Host;

/// <summary>The answer of <c>/health/ready</c> (and <c>/health</c>): ready or not, and each check with what it saw.</summary>
internal sealed record HealthAnswer(string Status, IReadOnlyList<HealthCheck> Checks);
