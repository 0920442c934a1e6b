namespace Kiosk.Gateway.Cli.Settings;

/// <summary>One <c>key = value</c> of the configuration file, with its line (from 1) so an error can point at it.</summary>
/// <param name="Key">The setting's name (an option's name without its dashes).</param>
/// <param name="Value">A string, a long, a bool or a double, as TOML typed it.</param>
/// <param name="Line">The line it is on, counted from 1.</param>
public sealed record ConfigEntry(string Key, object Value, int Line);
