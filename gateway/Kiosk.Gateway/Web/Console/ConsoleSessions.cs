using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kiosk.Gateway.Host;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Web.Console;

/// <summary>
/// Console sessions, in memory only: a random 256-bit token in a Secure, HttpOnly, SameSite=Strict cookie maps to the
/// facilitator's unlocked key. A restart or logout ends every session and forgets the keys.
/// </summary>
public sealed class ConsoleSessions(GatewayOptions options) : IDisposable
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "kiosk-console";

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for <paramref name="name"/> and sets its cookie.</summary>
    public void Start(HttpContext http, string name, AuthorKeyPair key)
    {
        ArgumentNullException.ThrowIfNull(http);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        _sessions[token] = new ConsoleSession(name, key, options.Time.GetUtcNow() + options.SessionLifetime);
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            Path = "/console", HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, IsEssential = true,
        });
    }

    /// <summary>The session of this request, or null (expired sessions are ended).</summary>
    public ConsoleSession? Find(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.Cookies[CookieName] is not { } token || !_sessions.TryGetValue(token, out var session)) return null;
        if (session.Expires < options.Time.GetUtcNow())
        {
            End(token);
            return null;
        }
        session.Expires = options.Time.GetUtcNow() + options.SessionLifetime;
        return session;
    }

    /// <summary>Ends this request's session and clears its cookie.</summary>
    public void End(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.Cookies[CookieName] is { } token) End(token);
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/console", Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
    }

    private void End(string token)
    {
        if (_sessions.TryRemove(token, out var session)) session.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var token in _sessions.Keys) End(token);
    }
}
