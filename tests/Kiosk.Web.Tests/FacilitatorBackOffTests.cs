using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Web.Tests;

/// <summary>
/// The console login's limit per facilitator (issue 13, finding 5): wrong passphrases for one facilitator from several
/// addresses make that facilitator's login wait, 1 s, 2 s, 4 s …, on the gateway's clock; the right one clears it.
/// </summary>
public sealed partial class FacilitatorBackOffTests
{
    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [Fact]
    public async Task Wrong_passphrases_from_three_addresses_make_the_facilitator_wait_and_the_right_one_clears_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "kiosk-web-backoff-" + Guid.NewGuid().ToString("N"));
        await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new CapturedLog();
        try
        {
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(data) with { Time = clock, ConfigureServices = s => s.AddSingleton<ILoggerProvider>(log) });
            const string wrong = "not the passphrase at all";
            string[] from = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
            // Five wrong tries spread over three addresses: each address stays far under its own limit.
            for (var i = 0; i < FacilitatorBackOff.FreeFailures; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(host.ConsoleUri, from[i % 3], wrong)).Status);

            // Now even the right passphrase waits, from any address, until the gateway's clock has moved 1 s.
            var waiting = await TryAsync(host.ConsoleUri, "127.0.0.4", DemoAssembly.FacilitatorPassphrase);
            Assert.Equal(HttpStatusCode.TooManyRequests, waiting.Status);
            Assert.Contains("Wait 1 seconds", waiting.Page, StringComparison.Ordinal);
            Assert.Equal("1", waiting.RetryAfter);
            clock.Advance(TimeSpan.FromSeconds(1));
            // One more wrong try doubles the wait.
            Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(host.ConsoleUri, "127.0.0.2", wrong)).Status);
            Assert.Equal("2", (await TryAsync(host.ConsoleUri, "127.0.0.3", DemoAssembly.FacilitatorPassphrase)).RetryAfter);
            clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(HttpStatusCode.Redirect, (await TryAsync(host.ConsoleUri, "127.0.0.3", DemoAssembly.FacilitatorPassphrase)).Status);
            // The right passphrase cleared the count: the next wrong try is the first again.
            Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(host.ConsoleUri, "127.0.0.2", wrong)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await TryAsync(host.ConsoleUri, "127.0.0.2", wrong)).Status);

            // One line per lock-out, naming the facilitator and never what was typed.
            var lockOuts = log.Lines.Where(l => l.Category.EndsWith(nameof(FacilitatorBackOff), StringComparison.Ordinal)).Select(l => l.Message).ToList();
            Assert.Equal(2, lockOuts.Count);
            Assert.Contains(DemoAssembly.FacilitatorKey, lockOuts[0], StringComparison.Ordinal);
            Assert.DoesNotContain(log.Lines, l => l.Message.Contains(wrong, StringComparison.Ordinal) || l.Message.Contains(DemoAssembly.FacilitatorPassphrase, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void The_wait_doubles_up_to_its_cap_and_only_for_the_facilitator_who_failed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var loggers = LoggerFactory.Create(_ => { });
        var backOff = new FacilitatorBackOff(clock, loggers.CreateLogger<FacilitatorBackOff>());
        for (var i = 0; i < FacilitatorBackOff.FreeFailures - 1; i++) backOff.Failed("ana");
        Assert.Null(backOff.Wait("ana"));
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 14; i++)
        {
            backOff.Failed("ana");
            var wait = backOff.Wait("ana")!.Value;
            waits.Add(wait);
            clock.Advance(wait);
            Assert.Null(backOff.Wait("ana"));
        }
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300], waits.Select(w => (int)w.TotalSeconds));
        Assert.Null(backOff.Wait("bo"));
    }

    private sealed record Attempt(HttpStatusCode Status, string Page, string? RetryAfter);

    /// <summary>One login as a browser would make it (the form, its token and cookie, then the post), from <paramref name="address"/>.</summary>
    private static async Task<Attempt> TryAsync(Uri console, string address, string passphrase)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // The console's cookies are marked Secure, which a cookie container would not send over http: sent by hand.
            UseCookies = false,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler);
        using var form = await http.GetAsync(new Uri(console, "console/login"));
        var page = await form.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(CsrfField().Match(page).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(console, "console/login"))
        {
            Content = new FormUrlEncodedContent([new("who", DemoAssembly.FacilitatorKey), new("passphrase", passphrase), new("__csrf", token)]),
        };
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var response = await http.SendAsync(post);
        return new Attempt(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.ToString());
    }
}
