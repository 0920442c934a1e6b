namespace Kiosk.Gateway.Host;

/// <summary>One server-sent event: its name (<c>changed</c>, <c>button</c>) and data.</summary>
public sealed record LiveMessage(string Event, string Data);
