using System.Globalization;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web;

/// <summary>
/// Which <see cref="LiveUpdates.Version"/> a page shows, so its live stream can catch it up. A page is made, then its
/// script opens the stream: a change told in between would reach no one, and the page would stay stale until the next
/// change (the same after the stream drops and the browser reconnects). So each GET (every page is one) notes the
/// version before any page data is read; the page names it in its stream's URL (<c>?since=</c>), each "changed"
/// carries its version as the event id (which the browser sends back as <c>Last-Event-ID</c> when it reconnects), and a
/// stream opened for another version than the current one starts with a "changed".
/// </summary>
public static class LiveVersion
{
    private static readonly object Key = new();

    /// <summary>Notes <paramref name="live"/>'s version on the request, before the endpoint reads anything a page shows.</summary>
    public static void Note(HttpContext http, LiveUpdates live)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(live);
        http.Items[Key] = live.Version;
    }

    /// <summary>The stream URL <paramref name="live"/> for a page made during <paramref name="http"/>: with the noted version.</summary>
    public static string? StreamUrl(string? live, HttpContext? http) =>
        live is not null && http?.Items.TryGetValue(Key, out var noted) == true && noted is long version
            ? $"{live}?since={version.ToString(CultureInfo.InvariantCulture)}"
            : live;

    /// <summary>The version a stream's page has: the browser's <c>Last-Event-ID</c> on a reconnect, else the page's <c>since</c>; null when neither (or malformed).</summary>
    public static long? Known(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Headers["Last-Event-ID"].ToString();
        if (text.Length == 0) text = request.Query["since"].ToString();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
