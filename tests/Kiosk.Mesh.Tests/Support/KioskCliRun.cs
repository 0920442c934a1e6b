using System.Text.Json;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Cli;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>The real command tree run in this process against a data folder (setting folders up, reading them).</summary>
public static partial class KioskCliRun
{
    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";

        public JsonElement Json => JsonDocument.Parse(Output).RootElement;
    }

    public static async Task<Run> Kiosk(string data, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync([.. args, "--data", data], output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    public static async Task<Run> Ok(string data, params string[] args)
    {
        var run = await Kiosk(data, args);
        Assert.True(run.ExitCode == 0, $"kiosk {string.Join(' ', args)} failed: {run}");
        return run;
    }

    /// <summary>Every voter code (XXXX-XXXX-XXXX) in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> CodesIn(string text) => CodePattern().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex("\\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\b")]
    private static partial Regex CodePattern();
}
