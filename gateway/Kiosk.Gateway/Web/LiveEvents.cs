using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web;

/// <summary>
/// A server-sent-events stream of <see cref="LiveUpdates"/>: <c>changed</c> after each commit (its version as the event
/// id), <c>button</c> for controller presses. A stream opened for a page older than the current version starts with a
/// <c>changed</c> (<see cref="LiveVersion"/>).
/// </summary>
public static class LiveEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    /// <summary>Streams until the page goes away or the host stops.</summary>
    public static async Task Serve(HttpContext http, GatewayContext context, bool buttons)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(context);
        var lifetime = http.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        using var subscription = context.Live.Subscribe();
        await http.Response.WriteAsync("retry: 2000\n\n", stop.Token);
        // Read after subscribing: a change told from now on arrives on the subscription, one before is caught up here.
        var current = context.Live.Version;
        if (LiveVersion.Known(http.Request) is { } known && known != current)
            await http.Response.WriteAsync(Changed(current.ToString(System.Globalization.CultureInfo.InvariantCulture)), stop.Token);
        await http.Response.Body.FlushAsync(stop.Token);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                wait.CancelAfter(KeepAlive);
                LiveMessage? message = null;
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(wait.Token)) break;
                    subscription.Reader.TryRead(out message);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", stop.Token);
                }
                if (message is { Event: "changed" })
                    await http.Response.WriteAsync(Changed(message.Data), stop.Token);
                else if (message is not null && (buttons || message.Event != "button"))
                    await http.Response.WriteAsync($"event: {message.Event}\ndata: {message.Data}\n\n", stop.Token);
                await http.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // The version is the event's id too: the browser sends the last one back when it reconnects.
    private static string Changed(string version) => $"event: changed\nid: {version}\ndata: {version}\n\n";
}
