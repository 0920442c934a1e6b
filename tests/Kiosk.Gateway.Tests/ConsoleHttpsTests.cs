using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Gateway.Web.Console;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// The console over HTTPS: the data folder's self-signed certificate (made by <c>kiosk init</c>, or on the first run of an
/// older folder), its SHA-256 fingerprint in <c>kiosk status</c>, on the code sheet and in <c>kiosk run</c>'s lines; a client
/// pinning that fingerprint logs in with the Secure cookies; the kiosk stays plain HTTP. Tests may bind 127.0.0.1 only, so
/// they force HTTPS there with <see cref="ConsoleTls.On"/> (<c>--console-tls on</c>); the rule for other addresses is pure.
/// </summary>
public sealed partial class ConsoleHttpsTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "kiosk-https-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync() =>
        await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(_data)), 1, CancellationToken.None, argonMemoryKiB: 8 * 1024, showOfHands: true);

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    private string CertificatePath => new DataFolder(new DirectoryInfo(_data)).ConsoleCertificatePath;

    private Task<GatewayHost> StartAsync(ConsoleTls tls) => GatewayHost.StartAsync(new GatewayOptions { DataPath = _data, GatewayKeyName = DemoAssembly.GatewayKey, ConsoleTls = tls });

    /// <summary>A client that trusts exactly the certificate whose SHA-256 fingerprint is <paramref name="pinned"/>, as a facilitator's checked browser does.</summary>
    private static HttpClient Pinning(string pinned, CookieContainer? cookies = null) => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && ConsoleCertificate.Fingerprint(certificate) == pinned,
    });

    [Theory]
    [InlineData("127.0.0.1", ConsoleTls.Auto, false)]
    [InlineData("::1", ConsoleTls.Auto, false)]
    [InlineData("0.0.0.0", ConsoleTls.Auto, true)]
    [InlineData("::", ConsoleTls.Auto, true)]
    [InlineData("192.168.1.20", ConsoleTls.Auto, true)]
    [InlineData("127.0.0.1", ConsoleTls.On, true)]
    public void The_console_is_https_whenever_it_listens_beyond_loopback(string address, ConsoleTls tls, bool https) =>
        Assert.Equal(https, new GatewayOptions { DataPath = _data, GatewayKeyName = "g", ConsoleAddress = address, ConsoleTls = tls }.ConsoleHttps);

    [Fact]
    public async Task A_client_pinning_the_fingerprint_logs_in_over_https_while_the_kiosk_stays_http()
    {
        await using var host = await StartAsync(ConsoleTls.On);
        Assert.Equal(Uri.UriSchemeHttps, host.ConsoleUri.Scheme);
        Assert.Equal(Uri.UriSchemeHttp, host.ResidentUri.Scheme);
        var fingerprint = ConsoleCertificate.FingerprintOf(CertificatePath);
        Assert.Equal(fingerprint, host.ConsoleFingerprint);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);

        var cookies = new CookieContainer();
        using var http = Pinning(fingerprint!, cookies);
        using (var login = await http.GetAsync(new Uri(host.ConsoleUri, "console/login")))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.All(login.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
            var token = Token(await login.Content.ReadAsStringAsync());
            using var post = await http.PostAsync(new Uri(host.ConsoleUri, "console/login"), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["who"] = DemoAssembly.FacilitatorKey, ["passphrase"] = DemoAssembly.FacilitatorPassphrase, [ConsoleForms.CsrfField] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.Equal("/console", post.Headers.Location?.OriginalString);
        }
        // The jar sends Secure cookies over https only: the session works because the console is https.
        using var page = await http.GetAsync(new Uri(host.ConsoleUri, "console"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var sheet = await http.PostAsync(new Uri(host.ConsoleUri, "console/codes"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ballots"] = DemoAssembly.ShowOfHands, ["count"] = "1", [ConsoleForms.CsrfField] = Token(html),
        }));
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Contains(fingerprint!, await sheet.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var plain = new HttpClient();
        using var kiosk = await plain.GetAsync(new Uri(host.ResidentUri, "kiosk"));
        Assert.Equal(HttpStatusCode.OK, kiosk.StatusCode);
    }

    [Fact]
    public async Task A_client_pinning_another_certificate_is_refused_and_loopback_stays_plain_http_by_default()
    {
        await using (var host = await StartAsync(ConsoleTls.On))
        {
            using var other = X509CertificateLoader.LoadPkcs12(ConsoleCertificate.Create("elsewhere", [], DateTimeOffset.UtcNow), null);
            using var http = Pinning(ConsoleCertificate.Fingerprint(other));
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(host.ConsoleUri, "console/login")));
            Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
        }
        await using (var host = await StartAsync(ConsoleTls.Auto))
            Assert.Equal(Uri.UriSchemeHttp, host.ConsoleUri.Scheme);
    }

    [Fact]
    public async Task An_older_data_folder_gets_its_certificate_on_first_run_and_keeps_it()
    {
        File.Delete(CertificatePath);
        string first;
        await using (var host = await StartAsync(ConsoleTls.Auto))
            first = host.ConsoleFingerprint;
        Assert.Equal(first, ConsoleCertificate.FingerprintOf(CertificatePath));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CertificatePath));
        await using (var host = await StartAsync(ConsoleTls.On))
            Assert.Equal(first, host.ConsoleFingerprint);
    }

    [Fact]
    public void The_certificate_names_this_host_its_local_name_and_loopback()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12(ConsoleCertificate.Create("hall-pi", [IPAddress.Parse("192.168.1.20")], DateTimeOffset.UtcNow), null);
        Assert.True(certificate.HasPrivateKey);
        using (var key = certificate.GetECDsaPublicKey()) Assert.Equal(256, key?.KeySize);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "hall-pi", "hall-pi.local"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("192.168.1.20")], names.EnumerateIPAddresses());
        Assert.True(certificate.MatchesHostname("hall-pi.local"));
    }

    [Fact]
    public async Task Init_makes_the_certificate_and_status_and_run_print_its_fingerprint()
    {
        using var cli = new CliRunner();
        var init = await cli.Ok("init", "--name", "Elm Street");
        var path = new DataFolder(new DirectoryInfo(cli.Data)).ConsoleCertificatePath;
        var fingerprint = ConsoleCertificate.FingerprintOf(path);
        Assert.NotNull(fingerprint);
        Assert.Contains($"console TLS:  {path} (SHA-256 {fingerprint})", init.Output, StringComparison.Ordinal);
        var status = await cli.Ok("status");
        Assert.Contains($"console certificate SHA-256 {fingerprint}", status.Output, StringComparison.Ordinal);
        Assert.Contains($"\"consoleCertificateSha256\": \"{fingerprint}\"", (await cli.Ok("status", "--json")).Output, StringComparison.Ordinal);

        await cli.Ok("gateway", "enrol", "--name", "hall");
        var run = await cli.ServeUntil(null, ["certificate SHA-256"], "run", "--console-tls", "on", "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"console:  https://127\.0\.0\.1:\d+/console", run.Output);
        Assert.Matches(@"kiosk:    http://127\.0\.0\.1:\d+/kiosk", run.Output);
        Assert.Contains($"certificate SHA-256 {fingerprint}", run.Output, StringComparison.Ordinal);

        var bad = await cli.Kiosk("run", "--console-tls", "maybe", "--kiosk-port", "0", "--console-port", "0", "--mqtt-port", "-1", "--peer-port", "-1", "--gpio", "none");
        Assert.Equal(CliRun.UserError, bad.ExitCode);
        Assert.Contains("--console-tls maybe: console TLS is auto", bad.Error, StringComparison.Ordinal);
    }

    private static string Token(string page)
    {
        var input = CsrfInput().Match(page);
        Assert.True(input.Success, page);
        return WebUtility.HtmlDecode(InputValue().Match(input.Value).Groups[1].Value);
    }

    [GeneratedRegex("<input[^>]*name=\"__csrf\"[^>]*>")]
    private static partial Regex CsrfInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex InputValue();
}
