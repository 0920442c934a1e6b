using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// A small network of its own for gateway processes, made with Linux network namespaces (root only): one namespace per
/// gateway, each with one veth interface plugged into a bridge in a hub namespace, all on one private /24 that is
/// free on this machine; the test process reaches every gateway's kiosk through one more veth from the host into that
/// bridge. Packets can then be lost for real, below TCP, with nftables (<see cref="LoseAsync"/>): the kernel's own
/// retransmissions, timeouts and broken connections, not a simulation of them. <c>tc netem</c> does not exist in this
/// machine's kernel; nftables' <c>numgen random</c> does. Namespaces left by a test run that died are removed by the
/// next one. Everything is removed on dispose.
/// </summary>
public sealed partial class IsolatedNetwork : IAsyncDisposable
{
    private const string Prefix = "kmesh";
    private readonly string _tag;
    private readonly string _subnet;
    private readonly List<string> _namespaces = [];

    private IsolatedNetwork(int count, string subnet)
    {
        Count = count;
        _subnet = subnet;
        _tag = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "x" + Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How many gateway namespaces.</summary>
    public int Count { get; }

    /// <summary>The namespace of gateway <paramref name="index"/>.</summary>
    public string Namespace(int index) => $"{Prefix}{_tag}g{index}";

    private string Hub => $"{Prefix}{_tag}h";

    /// <summary>Gateway <paramref name="index"/>'s address (its only interface besides loopback).</summary>
    public string Address(int index) => $"{_subnet}.{11 + index}";

    /// <summary>The test process's address on the same network.</summary>
    public string HostAddress => $"{_subnet}.1";

    /// <summary>The command that runs a program inside gateway <paramref name="index"/>'s namespace.</summary>
    public IReadOnlyList<string> Wrapper(int index) => ["ip", "netns", "exec", Namespace(index)];

    /// <summary>
    /// Makes the network, or fails the test with what is missing: this needs root, <c>ip</c> (iproute2) and <c>nft</c>
    /// (nftables), which ./test.sh installs.
    /// </summary>
    public static async Task<IsolatedNetwork> CreateAsync(int count)
    {
        if (!Environment.IsPrivilegedProcess)
            Assert.Fail("this test loses packets for real with Linux network namespaces and nftables, which needs root (./test.sh runs as root in CI)");
        foreach (var tool in (string[])["ip", "nft"])
        {
            if (!Which(tool))
                Assert.Fail($"this test needs '{tool}' (Debian packages iproute2 and nftables; ./test.sh installs them when missing)");
        }
        await RemoveStaleAsync();
        var network = new IsolatedNetwork(count, await FreeSubnetAsync());
        try
        {
            await network.BuildAsync();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync()
    {
        await AddNamespaceAsync(Hub);
        await Run("ip", "netns", "exec", Hub, "ip", "link", "add", "br0", "type", "bridge");
        await Run("ip", "netns", "exec", Hub, "ip", "link", "set", "br0", "up");
        // The host's end: the only interface of this network outside its namespaces.
        var host = $"{Prefix[..2]}{_tag}";
        await Run("ip", "link", "add", host, "type", "veth", "peer", "name", "host", "netns", Hub);
        await Run("ip", "addr", "add", HostAddress + "/24", "dev", host);
        await Run("ip", "link", "set", host, "up");
        await Run("ip", "netns", "exec", Hub, "ip", "link", "set", "host", "master", "br0", "up");
        for (var i = 0; i < Count; i++)
        {
            var ns = Namespace(i);
            await AddNamespaceAsync(ns);
            var temporary = $"{Prefix[..2]}{_tag}t";
            await Run("ip", "link", "add", temporary, "type", "veth", "peer", "name", $"port{i}", "netns", Hub);
            await Run("ip", "link", "set", temporary, "netns", ns);
            await Run("ip", "netns", "exec", ns, "ip", "link", "set", temporary, "name", "eth0");
            await Run("ip", "netns", "exec", ns, "ip", "addr", "add", Address(i) + "/24", "dev", "eth0");
            // One packet per segment: a dropped "packet" is one wire packet, not a 64 KiB GSO super-packet.
            await Run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up", "gso_max_segs", "1", "gso_max_size", "1500");
            // TCP's smallest retransmission timeout is 200 ms for any network; on a LAN with a 0.1 ms round trip that
            // turns 20 % loss into minutes of back-off per transfer. 5 ms keeps every loss and retransmission while the
            // test's time goes into the mesh, not into waiting out timers.
            await Run("ip", "netns", "exec", ns, "ip", "route", "change", _subnet + ".0/24", "dev", "eth0", "rto_min", "5ms");
            await Run("ip", "netns", "exec", Hub, "ip", "link", "set", $"port{i}", "master", "br0", "up");
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        await Run("ip", "netns", "add", name);
        _namespaces.Add(name);
        await Run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
    }

    /// <summary>
    /// Drops <paramref name="percent"/> % of the TCP packets every gateway receives from or for <paramref name="ports"/>
    /// (the peer listeners), at random, in both directions of every link: each namespace's input hook drops them with
    /// nftables' <c>numgen random</c>, and counts what it dropped.
    /// </summary>
    public async Task LoseAsync(int percent, IEnumerable<int> ports)
    {
        var set = "{ " + string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture))) + " }";
        for (var i = 0; i < Count; i++)
        {
            var ns = Namespace(i);
            await Run("ip", "netns", "exec", ns, "nft", "add table inet loss");
            await Run("ip", "netns", "exec", ns, "nft", "add chain inet loss input { type filter hook input priority 0 ; policy accept ; }");
            foreach (var direction in (string[])["dport", "sport"])
                await Run("ip", "netns", "exec", ns, "nft", $"add rule inet loss input tcp {direction} {set} numgen random mod 100 < {percent} counter drop");
        }
    }

    /// <summary>Packets dropped so far by <see cref="LoseAsync"/>'s rules, in all namespaces.</summary>
    public async Task<long> DroppedAsync()
    {
        long dropped = 0;
        for (var i = 0; i < Count; i++)
        {
            var listing = await Run("ip", "netns", "exec", Namespace(i), "nft", "list table inet loss");
            dropped += CounterPattern().Matches(listing).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return dropped;
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its interfaces, and with each veth its other end.
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            try { await Run("ip", "netns", "del", ns); }
            catch (InvalidOperationException) { }
        }
    }

    /// <summary>Removes namespaces of earlier runs whose test process is gone (a run killed before it cleaned up).</summary>
    private static async Task RemoveStaleAsync()
    {
        foreach (var line in (await Run("ip", "netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = StalePattern().Match(line);
            if (!match.Success) continue;
            var pid = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (Directory.Exists($"/proc/{pid}")) continue;
            try { await Run("ip", "netns", "del", match.Groups[1].Value); }
            catch (InvalidOperationException) { }
        }
    }

    /// <summary>A 10.x.y.0/24 that no address or route of this machine uses.</summary>
    private static async Task<string> FreeSubnetAsync()
    {
        var used = await Run("ip", "-4", "-o", "addr") + await Run("ip", "-4", "route");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var subnet = $"10.{Random.Shared.Next(160, 224)}.{Random.Shared.Next(0, 256)}";
            if (!used.Contains(subnet + ".", StringComparison.Ordinal)) return subnet;
        }
        throw new InvalidOperationException("no free 10.x.y.0/24 found for the test network");
    }

    private static bool Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin").Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Runs a command (no shell); its output, or an exception with its error output.</summary>
    private static async Task<string> Run(params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{string.Join(' ', command)}' failed (exit {process.ExitCode}): {(await error).Trim()}");
        return await output;
    }

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex CounterPattern();

    [GeneratedRegex(@"^((?:kmesh)(\d+)x\d+[hg]\d*)\b")]
    private static partial Regex StalePattern();
}
