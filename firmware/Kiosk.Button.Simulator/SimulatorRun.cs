using System.Diagnostics;

namespace Kiosk.Button.Simulator;

/// <summary>
/// What <c>kiosk-button-sim</c> and <c>kiosk sim buttons</c> do: load device configs, connect the buttons, wait for the
/// open ballot, have every button vote once for a random option, and report how the presses ended.
/// </summary>
public static class SimulatorRun
{
    /// <summary>
    /// The settings files (<c>*.json</c>) in <paramref name="folder"/>, optionally with the broker replaced, each with its
    /// counter file beside it (<see cref="ButtonFlash"/>).
    /// </summary>
    public static List<ButtonFlash> LoadConfigs(string folder, Uri? broker = null, int? count = null)
    {
        var list = new List<ButtonFlash>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var settings = ButtonSettings.Parse(File.ReadAllText(file));
            if (settings is null) continue;
            if (broker is not null) { settings.BrokerHost = broker.Host; settings.BrokerPort = broker.Port; }
            list.Add(new ButtonFlash(settings, ButtonFlash.CounterFileOf(file)));
            if (count is { } n && list.Count >= n) break;
        }
        return list;
    }

    /// <summary>Runs the vote; writes progress and a summary to <paramref name="output"/>; returns the exit code (0 when every press was accepted).</summary>
    public static async Task<int> VoteOnceAsync(IReadOnlyList<ButtonFlash> buttons, TextWriter output, TimeSpan ballotWait)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        ArgumentNullException.ThrowIfNull(output);
        if (buttons.Count == 0) { await output.WriteLineAsync("no device configs found"); return 2; }
        await using var fleet = new ButtonFleet(buttons);
        var connected = await fleet.StartAsync();
        await output.WriteLineAsync($"{fleet.Buttons.Count(b => b.Button.IsConnected)} of {fleet.Buttons.Count} buttons connected to mqtt://{buttons[0].Settings.BrokerHost}:{buttons[0].Settings.BrokerPort}");
        if (!connected)
            foreach (var b in fleet.Buttons.Where(b => !b.Button.IsConnected).Take(5))
                await output.WriteLineAsync($"  {b.Settings.DeviceId}: {b.Link.LastConnectResult}");
        var first = fleet.Buttons[0];
        if (!await first.WaitForBallotAsync(null, ballotWait)) { await output.WriteLineAsync("no ballot open for buttons"); return 1; }
        var ballot = first.Button.Ballot;
        await output.WriteLineAsync($"ballot {ballot.Ballot} open with options {string.Join(", ", ballot.Options)}");
        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(fleet.Buttons.Select(async b =>
        {
            await b.WaitForBallotAsync(ballot.Ballot, ballotWait);
            return await b.PressAsync(ballot.Ballot, ballot.Options[Random.Shared.Next(ballot.Options.Length)]);
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var accepted = results.Count(r => r.Accepted);
        var latencies = results.Where(r => r.Accepted).Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
        await output.WriteLineAsync($"{accepted} accepted, {results.Count(r => r.Feedback == ButtonFeedback.Refused)} refused, {results.Count(r => r.Feedback == ButtonFeedback.Failed)} gave up, {results.Count(r => !r.Sent)} not sent in {elapsed.TotalSeconds:F2} s");
        foreach (var group in results.Where(r => r.Reason is not null).GroupBy(r => r.Reason))
            await output.WriteLineAsync($"  refused {group.Key}: {group.Count()}");
        if (latencies.Length > 0)
            await output.WriteLineAsync($"press-to-ack p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms");
        return accepted == results.Length ? 0 : 1;
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values.</summary>
    public static double Percentile(double[] sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
