using System.Net;
using System.Text;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiosk.Web.Tests;

/// <summary>Requests over the form and body limits get a 400/413 page and one log line, never a blank 500 or a stack trace.</summary>
public sealed class FormLimitsTests
{
    [Fact]
    public async Task Oversized_forms_get_a_page_with_400_or_413_and_one_line_in_the_log()
    {
        var data = Path.Combine(Path.GetTempPath(), "kiosk-web-limits-" + Guid.NewGuid().ToString("N"));
        await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        var log = new CapturedLog();
        try
        {
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(data) with { ConfigureServices = s => s.AddSingleton<ILoggerProvider>(log) });
            using var http = new HttpClient();
            var kiosk = new Uri(host.ResidentUri, "kiosk");

            var fields = await http.PostAsync(kiosk, new FormUrlEncodedContent(Enumerable.Range(0, 1_025).Select(i => new KeyValuePair<string, string>($"f{i}", "x"))));
            var value = await http.PostAsync(kiosk, new StringContent("lang=" + new string('a', 4 * 1024 * 1024 + 1), Encoding.ASCII, "application/x-www-form-urlencoded"));
            var body = await PostLargeBodyAsync(kiosk, 32 * 1024 * 1024);

            Assert.Equal(HttpStatusCode.BadRequest, fields.StatusCode);
            Assert.Contains("too many fields", await fields.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, value.StatusCode);
            Assert.Contains("over the size limit", await value.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 413", body, StringComparison.Ordinal);
            Assert.Contains("Content-Type: text/html", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("over the size limit", body, StringComparison.Ordinal);
            var refused = log.Lines.Where(l => l.Message.StartsWith("Request refused", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, refused.Count);
            Assert.All(refused, l => Assert.Null(l.Exception));
            Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Error || l.Exception is InvalidDataException or Microsoft.AspNetCore.Http.BadHttpRequestException);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// Announces a body of <paramref name="length"/> bytes, sends its first 64 KB and reads the answer: over raw TCP,
    /// because HttpClient keeps sending the rest and fails on the server's close instead of reading the answer.
    /// </summary>
    private static async Task<string> PostLargeBodyAsync(Uri uri, int length)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var head = $"POST {uri.AbsolutePath} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("lang=" + new string('a', 64 * 1024)));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, timeout.Token)) > 0)
        {
            answer.Append(buffer, 0, read);
            if (answer.ToString().Contains("</html>", StringComparison.Ordinal)) break;
        }
        return answer.ToString();
    }
}
