using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Kiosk.Devices;
using Kiosk.Hub.Broker;

namespace Kiosk.Hub.Tests.Support;

/// <summary>
/// A real 3-node NATS cluster (Debian's <c>nats-server</c>) on free 127.0.0.1 ports, each node run from the
/// configuration <c>kiosk hub broker-config --nats</c> wrote (TLS routes, a TLS MQTT listener mapping client certificates
/// to the users the hub keeps), with an HTTP monitor added for this fixture; ready once every node's <c>/healthz</c>
/// answers (JetStream included). Nodes can be stopped one by one; all are killed on dispose. It never skips: when NATS
/// cannot start, the test fails saying why.
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private const string Program = "/usr/sbin/nats-server";
    private readonly Process?[] _processes = new Process?[3];
    private readonly StringBuilder _output = new();
    private readonly IReadOnlyList<NatsNode> _nodes;
    private readonly IReadOnlyList<string> _configs;
    private readonly int[] _monitors;

    private NatsCluster(IReadOnlyList<NatsNode> nodes, IReadOnlyList<string> configs)
    {
        _nodes = nodes;
        _configs = configs;
        _monitors = [.. Enumerable.Range(0, 3).Select(_ => Free())];
    }

    /// <summary>Three nodes on 127.0.0.1 with free MQTT, route and client ports, for <c>broker-config --nats --node-ports</c>.</summary>
    public static IReadOnlyList<NatsNode> FreeNodes() => [.. Enumerable.Range(0, 3).Select(_ => new NatsNode("127.0.0.1", Free(), Free(), Free()))];

    /// <summary>The MQTT URL of node <paramref name="index"/> (TLS).</summary>
    public Uri MqttUrl(int index) => new($"mqtts://127.0.0.1:{_nodes[index].MqttPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The nodes' MQTT URLs in the order <paramref name="indexes"/>, as a broker setting (<c>URL,URL,…</c>): a client starts with the first.</summary>
    public string MqttUrls(params int[] indexes) => string.Join(",", indexes.Select(i => MqttUrl(i).ToString().TrimEnd('/')));

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts node i from <paramref name="configs"/>[i] (files <c>broker-config --nats</c> wrote for <paramref name="nodes"/>).</summary>
    public static async Task<NatsCluster> StartGeneratedAsync(IReadOnlyList<NatsNode> nodes, IReadOnlyList<string> configs)
    {
        if (!File.Exists(Program)) throw new InvalidOperationException($"NATS is not installed ({Program} is missing): install the Debian package nats-server (test.sh does)");
        var cluster = new NatsCluster(nodes, configs);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // The fixture's own addition: a monitor port, whose /healthz says when the node (and its JetStream) is up.
                await File.AppendAllTextAsync(configs[i], $"http: \"127.0.0.1:{cluster._monitors[i].ToString(CultureInfo.InvariantCulture)}\"\n");
                cluster.Start(i);
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var i = 0; i < 3; i++)
            {
                var index = i;
                await Mesh.Tests.Support.Poll.UntilAsync(async () =>
                {
                    if (cluster._processes[index] is { HasExited: true } p) throw new InvalidOperationException($"nats-server {index + 1} exited ({p.ExitCode}):\n{cluster.Output}");
                    try
                    {
                        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{cluster._monitors[index].ToString(CultureInfo.InvariantCulture)}/healthz"));
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                }, () => $"NATS node {index + 1} is not healthy:\n{cluster.Output}", TimeSpan.FromSeconds(60));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private void Start(int index)
    {
        var info = new ProcessStartInfo(Program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_configs[index]);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(index, e.Data);
        process.ErrorDataReceived += (_, e) => Append(index, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[index] = process;
    }

    private void Append(int index, string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append(CultureInfo.InvariantCulture, $"[{index + 1}] {line}\n");
    }

    /// <summary>Kills node <paramref name="index"/> (SIGKILL: no goodbye to its routes or clients).</summary>
    public async Task StopAsync(int index)
    {
        if (Interlocked.Exchange(ref _processes[index], null) is { } process)
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

    private static int Free() => FreePort.On(IPAddress.Loopback);

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < 3; i++) await StopAsync(i);
    }
}
