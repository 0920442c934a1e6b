namespace Kiosk.Hub;

/// <summary>A gateway or hub of an assembly as an <see cref="EnrolmentBundle"/> pins it: its name, key (hex) and role (<c>gateway</c> or <c>hub</c>).</summary>
public sealed record PinnedKey(string Name, string Key, string Role);
