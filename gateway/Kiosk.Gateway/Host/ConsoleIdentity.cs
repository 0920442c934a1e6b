namespace Kiosk.Gateway.Host;

/// <summary>What a facilitator checks on first use of the console: its certificate's SHA-256 fingerprint (printed on code sheets).</summary>
/// <param name="Fingerprint">Upper-case hex pairs joined by colons, as browsers show it.</param>
public sealed record ConsoleIdentity(string Fingerprint);
