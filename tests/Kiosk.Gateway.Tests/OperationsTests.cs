using System.Net;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// What an operator reads of a running gateway: <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> (Prometheus
/// text) on the console's port and never the kiosk's, and log lines at Information for each refused vote and failed login,
/// which never hold a voter code or a passphrase.
/// </summary>
public sealed partial class OperationsTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "kiosk-ops-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly CapturedLog _log = new();
    private IReadOnlyList<string> _codes = [];
    private GatewayHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _codes = await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(_data)), 4, CancellationToken.None, argonMemoryKiB: 8 * 1024, showOfHands: true);
        _host = await GatewayHost.StartAsync(new GatewayOptions
        {
            DataPath = _data,
            GatewayKeyName = DemoAssembly.GatewayKey,
            DeviceBrokerPort = 0,
            LogLevel = LogLevel.Information,
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_log),
        });
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private Uri Console(string path) => new(_host.ConsoleUri, path);

    [Fact]
    public async Task Health_and_metrics_answer_on_the_console_port_and_not_on_the_kiosk_port()
    {
        using var live = await _http.GetAsync(Console("health/live"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await _http.GetAsync(Console("health/ready"));
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"status\":\"ready\"", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"ledger\",\"ok\":true", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"disk\",\"ok\":true", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"broker\",\"ok\":true", body, StringComparison.Ordinal);
        using var metrics = await _http.GetAsync(Console("metrics"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE kiosk_ledger_commit_seconds histogram", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var path in (string[])["health/live", "health/ready", "health", "metrics"])
        {
            using var onKiosk = await _http.GetAsync(new Uri(_host.ResidentUri, path));
            Assert.Equal(HttpStatusCode.NotFound, onKiosk.StatusCode);
        }
    }

    [Fact]
    public async Task Votes_commits_and_failed_logins_are_counted_and_logged_without_codes_or_passphrases()
    {
        var desk = _host.Context.Desk;
        var commitsBefore = Sample(await MetricsAsync(), "kiosk_ledger_commit_seconds_count");
        Assert.True((await desk.CastWithCodeAsync(DemoAssembly.ShowOfHands, _codes[0], ["yes"])).IsAccepted);
        var unknown = await desk.CastWithCodeAsync(DemoAssembly.ShowOfHands, Unissued(_codes[1]), ["yes"]);
        Assert.False(unknown.IsAccepted);
        var badChoice = await desk.CastWithCodeAsync(DemoAssembly.ShowOfHands, _codes[2], ["perhaps"]);
        Assert.False(badChoice.IsAccepted);
        const string WrongPassphrase = "wrong horse battery staple";
        Assert.Equal(HttpStatusCode.Unauthorized, await LogInAsync("facilitator-ana", WrongPassphrase));
        Assert.Equal(HttpStatusCode.Unauthorized, await LogInAsync(DemoAssembly.FacilitatorPassphrase, "")); // a passphrase typed in the name box

        var text = await MetricsAsync();
        Assert.Equal(1, Sample(text, "kiosk_votes_total{channel=\"code\",outcome=\"accepted\"}"));
        Assert.Equal(1, Sample(text, $"kiosk_votes_total{{channel=\"code\",outcome=\"{Label(unknown.Refusal!.Code)}\"}}"));
        Assert.Equal(1, Sample(text, "kiosk_votes_total{channel=\"code\",outcome=\"invalid_choice\"}"));
        Assert.Equal(1, Sample(text, "kiosk_login_failures_total{reason=\"wrong-passphrase\"}"));
        Assert.Equal(1, Sample(text, "kiosk_login_failures_total{reason=\"unknown-facilitator\"}"));
        Assert.True(Sample(text, "kiosk_ledger_commit_seconds_count") > commitsBefore, text); // the open vote's commit
        Assert.Equal(Sample(text, "kiosk_ledger_commit_seconds_count"), Sample(text, "kiosk_ledger_commit_seconds_bucket{le=\"+Inf\"}"));

        var log = string.Join('\n', _log.Lines);
        Assert.Contains($"Vote refused (code) on ballot {DemoAssembly.ShowOfHands}: {unknown.Refusal!.Code}", log, StringComparison.Ordinal);
        Assert.Contains($"Vote refused (code) on ballot {DemoAssembly.ShowOfHands}: InvalidChoice", log, StringComparison.Ordinal);
        Assert.Contains("Console login failed from 127.0.0.1 for facilitator-ana: wrong-passphrase", log, StringComparison.Ordinal);
        Assert.Contains("Console login failed from 127.0.0.1 for (no facilitator chosen): unknown-facilitator", log, StringComparison.Ordinal);
        Assert.Contains("Data folder " + _data, log, StringComparison.Ordinal);
        foreach (var secret in _codes.Concat([Unissued(_codes[1]), WrongPassphrase, DemoAssembly.FacilitatorPassphrase]))
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        foreach (var code in _codes) Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), log.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A code the assembly never issued: <paramref name="code"/> with its groups reordered (refused as mistyped or unknown).</summary>
    private static string Unissued(string code) => string.Join('-', code.Split('-').Reverse());

    private static string Label(string reason) => string.Concat(reason.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private async Task<string> MetricsAsync() => await _http.GetStringAsync(Console("metrics"));

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HttpStatusCode> LogInAsync(string who, string passphrase)
    {
        // The console marks its cookies Secure, which HttpClient's cookie jar keeps off plain http: carry the antiforgery cookie by hand.
        using var get = await _http.GetAsync(Console("console/login"));
        var page = await get.Content.ReadAsStringAsync();
        var cookies = string.Join("; ", get.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var input = CsrfInput().Match(page);
        Assert.True(input.Success, page);
        var token = InputValue().Match(input.Value).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, Console("console/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["who"] = who, ["passphrase"] = passphrase, [ConsoleForms.CsrfField] = WebUtility.HtmlDecode(token) }),
        };
        post.Headers.Add("Cookie", cookies);
        using var response = await _http.SendAsync(post);
        return response.StatusCode;
    }

    [GeneratedRegex("<input[^>]*name=\"__csrf\"[^>]*>")]
    private static partial Regex CsrfInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex InputValue();
}
