using System.Globalization;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Web.Tests;

/// <summary>
/// A page never stays stale because a change was told between the moment it was made and the moment its live stream
/// opened (or while the stream was down): the page names the version it shows, and a stream opened for an older one
/// starts with a "changed". Over plain HTTP, as the browser's EventSource speaks it.
/// </summary>
public sealed partial class LiveCatchUpTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _data = Directory.CreateTempSubdirectory("kiosk-live").FullName;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private GatewayHost _host = null!;

    public async Task InitializeAsync()
    {
        await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(_data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        _host = await GatewayHost.StartAsync(WebFixture.Options(_data));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_change_told_before_the_board_opened_its_stream_is_told_when_it_opens()
    {
        var live = _host.Context.Live;
        var (stream, shown) = await BoardStreamAsync();
        Assert.True(shown <= live.Version, $"the page names version {shown}, the gateway is at {live.Version}");

        live.Changed(); // told to no one: the page has not opened its stream yet
        await Poll.UntilAsync(() => live.Version > shown, () => "the change was never told", Deadline);

        using var opened = await OpenAsync(stream, lastEventId: null);
        var (name, id) = await NextEventAsync(opened);
        Assert.Equal("changed", name);
        Assert.True(long.Parse(id, CultureInfo.InvariantCulture) > shown, $"caught up to {id}, after {shown}");
    }

    [Fact]
    public async Task A_reconnecting_page_is_caught_up_from_its_last_event_id_and_a_current_one_waits_for_the_next_change()
    {
        var live = _host.Context.Live;
        var (stream, shown) = await BoardStreamAsync();
        live.Changed();
        await Poll.UntilAsync(() => live.Version > shown, () => "the change was never told", Deadline);
        var had = live.Version;

        // The browser reconnects with the id of the last event it had, which wins over the page's own older since=:
        // a page that has the current version is not caught up, and the next change is the first thing it hears.
        using var current = await OpenAsync(stream, lastEventId: had.ToString(CultureInfo.InvariantCulture));
        // A page with another version (an id from before the gateway restarted, say) is caught up at once.
        using var other = await OpenAsync(stream, lastEventId: (had + 1000).ToString(CultureInfo.InvariantCulture));
        var caughtUp = await NextEventAsync(other);
        Assert.Equal("changed", caughtUp.Event);
        Assert.True(long.Parse(caughtUp.Id, CultureInfo.InvariantCulture) >= had, $"caught up to {caughtUp.Id}, the gateway was at {had}");
        live.Changed();
        var (name, id) = await NextEventAsync(current);
        Assert.Equal("changed", name);
        Assert.True(long.Parse(id, CultureInfo.InvariantCulture) > had, $"the first event after {had} was {id}");
    }

    /// <summary>The board's stream URL as the page names it, and the version in it.</summary>
    private async Task<(string Stream, long Shown)> BoardStreamAsync()
    {
        var page = await _http.GetStringAsync(new Uri(_host.ResidentUri, "board"));
        var match = LiveAttribute().Match(page);
        Assert.True(match.Success, $"the board names no live stream with its version:\n{page}");
        return (match.Groups[1].Value, long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private async Task<StreamReader> OpenAsync(string stream, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.ResidentUri, stream));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new StreamReader(await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event of the stream (keep-alive comments and the retry line skipped): its name and its id.</summary>
    private static async Task<(string Event, string Id)> NextEventAsync(StreamReader reader)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        string? name = null, id = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line["id: ".Length..];
            else if (line.Length == 0 && name is not null) return (name, id ?? "");
        }
        throw new InvalidOperationException("the stream ended");
    }

    [GeneratedRegex("data-live=\"(/board/live\\?since=([0-9]+))\"")]
    private static partial Regex LiveAttribute();
}
