using System.Text.RegularExpressions;

namespace Kiosk.Tools;

/// <summary>
/// Open board pages for a load run: each follows the board's server-sent events and, on every "changed", fetches each
/// live region the page names, as the page's script does in a browser.
/// </summary>
public static partial class BoardPages
{
    /// <summary>Opens <paramref name="count"/> boards; the returned task ends after <paramref name="stop"/> is cancelled.</summary>
    public static async Task<Task> OpenAsync(Uri resident, int count, Action refreshed, CancellationToken stop)
    {
        if (count == 0) return Task.CompletedTask;
        using var probe = new HttpClient { BaseAddress = resident };
        var html = await probe.GetStringAsync("board", stop);
        var live = LiveAttribute().Match(html) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("the board names no live stream");
        var regions = LiveRegion().Matches(html).Select(r => System.Net.WebUtility.HtmlDecode(r.Groups[1].Value)).ToArray();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = count * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { BaseAddress = resident, Timeout = Timeout.InfiniteTimeSpan };
        var opened = new List<TaskCompletionSource>();
        var pages = Enumerable.Range(0, count).Select(_ =>
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            opened.Add(ready);
            return FollowAsync(http, live, regions, ready, refreshed, stop);
        }).ToList();
        await Task.WhenAll(opened.Select(o => o.Task));
        return Task.WhenAll(pages).ContinueWith(_ => { http.Dispose(); handler.Dispose(); }, TaskScheduler.Default);
    }

    private static async Task FollowAsync(HttpClient http, string live, string[] regions, TaskCompletionSource ready, Action refreshed, CancellationToken stop)
    {
        try
        {
            using var response = await http.GetAsync(live, HttpCompletionOption.ResponseHeadersRead, stop);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            ready.TrySetResult();
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line != "event: changed") continue;
                foreach (var region in regions) await http.GetStringAsync(region, stop);
                refreshed();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            ready.TrySetResult();
        }
    }

    [GeneratedRegex("data-live=\"([^\"]+)\"")]
    private static partial Regex LiveAttribute();

    [GeneratedRegex("data-live-src=\"([^\"]+)\"")]
    private static partial Regex LiveRegion();
}
