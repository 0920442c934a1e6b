using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kiosk.Devices;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Mesh.Tests.Support;

namespace Kiosk.Hub.Tests.Support;

/// <summary>
/// A real Mosquitto 2 (Debian's <c>mosquitto</c>) on a free 127.0.0.1 port with its own configuration in a temporary
/// folder — plain and anonymous, or the TLS configuration <c>kiosk hub broker-config --mosquitto</c> wrote (with every
/// log line kept, to check what it refused); killed and removed on dispose. It never skips: when Mosquitto cannot start,
/// the test fails saying why.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _generated;

    public int Port { get; private set; }

    public Uri Url => new($"{(_generated is null ? "mqtt" : "mqtts")}://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Starts Mosquitto on the configuration at <paramref name="config"/> (which listens on 127.0.0.1:<paramref name="port"/>), logging everything, as root.</summary>
    public static Task<MosquittoBroker> StartGeneratedAsync(string config, int port) =>
        StartedAsync(new MosquittoBroker { _generated = config, Port = port });

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Task<MosquittoBroker> StartAsync() => StartedAsync(new MosquittoBroker());

    /// <summary>Starts <paramref name="broker"/>'s process, or disposes of it when that fails.</summary>
    private static async Task<MosquittoBroker> StartedAsync(MosquittoBroker broker)
    {
        try
        {
            await broker.StartProcessAsync();
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the broker (every client loses its connection) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopProcessAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        const string program = "/usr/sbin/mosquitto";
        if (!File.Exists(program)) throw new InvalidOperationException($"Mosquitto is not installed ({program} is missing): install the Debian package mosquitto (test.sh does)");
        if (Port == 0) Port = FreePort.On(IPAddress.Loopback);
        var config = _folder.File("mosquitto.conf");
        if (_generated is not null)
            // Debug lines say what the ACLs denied; stderr is not buffered; tests run as root, which Mosquitto leaves unless told.
            await File.WriteAllTextAsync(config, await File.ReadAllTextAsync(_generated) + "\nlog_dest stderr\nlog_type debug\nuser root\n");
        else
        // Anonymous and plain: most shared-broker tests exercise replication; MosquittoTlsTests the TLS configuration.
        await File.WriteAllTextAsync(config, $"""
            listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stdout
            max_queued_messages 100000
            user root
            """);
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"Mosquitto exited at start ({_process.ExitCode}):\n{Output}");
            return await AcceptsAsync(Port);
        }, () => $"Mosquitto is not listening on 127.0.0.1:{Port}:\n{Output}", TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        _folder.Dispose();
    }

    private async Task StopProcessAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            try
            {
                if (!process.HasExited) process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
            }
            process.Dispose();
        }
    }
}
