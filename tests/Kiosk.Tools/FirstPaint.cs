using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Kiosk.Tools;

/// <summary>
/// Time to first render of a page in headless Chromium: the page loaded again and again in one tab, its first
/// contentful paint read from the Paint Timing API. Spoken to over the DevTools protocol on a WebSocket, so the tools
/// program needs no browser-automation package.
/// </summary>
public static class FirstPaint
{
    /// <summary>Debian's chromium.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const string PaintScript = """
        new Promise(resolve => {
          const find = () => performance.getEntriesByName("first-contentful-paint")[0];
          if (find()) return resolve(find().startTime);
          new PerformanceObserver(() => { const e = find(); if (e) resolve(e.startTime); }).observe({ type: "paint", buffered: true });
        })
        """;

    /// <summary>What the loads measured, in milliseconds.</summary>
    public sealed record Report(int Loads, double PaintMedianMs, double PaintMaxMs, double LoadMedianMs);

    /// <summary>Loads <paramref name="url"/> <paramref name="loads"/> times in a fresh headless <paramref name="chromium"/>.</summary>
    public static async Task<Report> MeasureAsync(string chromium, Uri url, int loads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var profile = Directory.CreateTempSubdirectory("kiosk-bench-chromium");
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(chromium)
            {
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", "about:blank",
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        // Chromium says where its DevTools endpoint listens on stderr; the rest of its output is drained and dropped.
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, line) =>
        {
            const string Prefix = "DevTools listening on ";
            if (line.Data?.StartsWith(Prefix, StringComparison.Ordinal) == true) listening.TrySetResult(new Uri(line.Data[Prefix.Length..]));
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var browser = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{browser.Authority}/json/list"), cancellationToken))!.AsArray();
            var tab = targets.First(t => (string?)t!["type"] == "page")!;
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)tab["webSocketDebuggerUrl"]!), cancellationToken);
            var devtools = new DevTools(socket);
            await devtools.CallAsync("Page.enable", new JsonObject(), cancellationToken);

            var paints = new List<double>();
            var finished = new List<double>();
            for (var i = 0; i < loads; i++)
            {
                await devtools.CallAsync("Page.navigate", new JsonObject { ["url"] = $"{url}?run={i}" }, cancellationToken);
                await devtools.EventAsync("Page.loadEventFired", cancellationToken);
                paints.Add(await devtools.EvaluateAsync(PaintScript, cancellationToken));
                finished.Add(await devtools.EvaluateAsync("performance.getEntriesByType('navigation')[0].loadEventEnd", cancellationToken));
            }
            paints.Sort();
            finished.Sort();
            return new Report(loads, paints[loads / 2], paints[^1], finished[loads / 2]);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            profile.Delete(recursive: true);
        }
    }

    /// <summary>One DevTools session: numbered calls answered in order, events kept until asked for.</summary>
    private sealed class DevTools(ClientWebSocket socket)
    {
        private readonly Queue<JsonNode> _events = new();
        private int _next;

        public async Task<JsonNode> CallAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
        {
            var id = ++_next;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            while (true)
            {
                var reply = await ReceiveAsync(cancellationToken);
                if (reply["id"] is null)
                {
                    _events.Enqueue(reply);
                    continue;
                }
                if ((int)reply["id"]! != id) continue;
                if (reply["error"] is { } error) throw new InvalidOperationException($"Chromium refused {method}: {error.ToJsonString()}");
                return reply["result"]!;
            }
        }

        public async Task EventAsync(string method, CancellationToken cancellationToken)
        {
            while (_events.TryDequeue(out var pending))
                if ((string?)pending["method"] == method) return;
            while ((string?)(await ReceiveAsync(cancellationToken))["method"] != method)
            {
            }
        }

        public async Task<double> EvaluateAsync(string expression, CancellationToken cancellationToken)
        {
            var result = await CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, cancellationToken);
            return (double)result["result"]!["value"]!;
        }

        private async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(chunk, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("Chromium closed the DevTools connection");
                buffer.Write(chunk, 0, received.Count);
            }
            while (!received.EndOfMessage);
            return JsonNode.Parse(buffer.ToArray())!;
        }
    }
}
