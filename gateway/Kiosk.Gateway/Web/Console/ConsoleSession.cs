using Kiosk.Ledger;

namespace Kiosk.Gateway.Web.Console;

/// <summary>A logged-in facilitator: their name, their unlocked key (to sign what they do), and when the session ends.</summary>
public sealed class ConsoleSession(string name, AuthorKeyPair key, DateTimeOffset expires) : IDisposable
{
    public string Name { get; } = name;
    public AuthorKeyPair Key { get; } = key;
    public DateTimeOffset Expires { get; set; } = expires;

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
