using Kiosk.Button.Simulator;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;

namespace Kiosk.Tools;

/// <summary>
/// The demo's three enrolled buttons run as simulated ESP32s, each voting once through the gateway's MQTT broker — as
/// the same firmware logic would on a real board.
/// </summary>
public static class SimulatedDemoButtons
{
    /// <summary>Runs the demo buttons once against <paramref name="broker"/>, writing what happened.</summary>
    public static async Task VoteOnceAsync(DataFolder data, Uri broker, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var settings = SimulatorRun.LoadConfigs(DeviceFiles.ConfigFolder(data), broker, DemoButtons.Count);
        await output.WriteLineAsync($"Simulated buttons ({settings.Count}) voting on the roll-call ballot through {broker}:");
        var exit = await SimulatorRun.VoteOnceAsync(settings, new IndentedWriter(output), TimeSpan.FromSeconds(5));
        if (exit != 0) await output.WriteLineAsync("  (not every simulated press was accepted; see above)");
    }

    /// <summary>Prefixes each line with two spaces, so the simulator's lines sit under the demo's heading.</summary>
    private sealed class IndentedWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync("  " + value);

        public override void WriteLine(string? value) => inner.WriteLine("  " + value);
    }
}
