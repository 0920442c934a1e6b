using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench tally</c>: writes a city-scale ranked CSV (by default 1,041,313 ballots, 18 candidates plus undeclared
/// write-ins, up to 3 ranks, about 78 MB: the shape of a real city's cast-vote record) and counts it by IRV with the
/// product's own <c>kiosk tally</c> in a child process, reporting its wall time and peak resident memory. The file is
/// generated from a fixed seed, so every run counts the same ballots; it is deleted afterwards unless <c>--file</c> names it.
/// </summary>
public static class TallyBench
{
    /// <summary>The ballot count of the city-scale file the issue describes.</summary>
    public const int CityBallots = 1_041_313;

    /// <summary>The label the generated file uses for undeclared write-ins.</summary>
    public const string WriteIn = "Write-in";

    // Eighteen declared candidates, some with commas in their names (quoted in the file), as real ones have.
    private static readonly string[] Candidates =
    [
        "Carmona, Ralph C.", "Mara Okonkwo-Lindqvist", "Teodoro Vasquez", "Helen Ruiz-Abernathy", "Jun Park",
        "Abdullahi Mohamed", "Sofia Bianchi", "O'Neill, Patrick J.", "Priya Raghunathan", "Marcus Whitfield",
        "Lena Johansson", "Kwame Mensah", "Rosa Delgado", "Dmitri Volkov", "Ayesha Siddiqui",
        "Tomasz Nowakowski", "Grace Liu", "Bernard Fitzgerald-Hughes",
    ];

    /// <summary>Builds <c>bench tally</c>.</summary>
    public static Command Create()
    {
        var ballots = new Option<int>("--ballots") { Description = "Ballots in the generated file.", DefaultValueFactory = _ => CityBallots };
        var file = new Option<string?>("--file") { Description = "Write the generated file here and keep it (default: a temporary file, deleted afterwards)." };
        var generateOnly = new Option<bool>("--generate-only") { Description = "Only write the file (with --file), to time the count by hand." };
        var command = new Command("tally", "Generate a city-scale ranked CSV and time `kiosk tally --method irv` on it: wall time and peak memory.")
        {
            ballots, file, generateOnly,
        };
        command.SetAction(async context =>
        {
            var count = context.Get(ballots);
            if (count < 1) throw new UserErrorException("--ballots must be a positive number");
            var keep = context.Get(file);
            if (context.Get(generateOnly) && keep is null) throw new UserErrorException("--generate-only needs --file, or the file would be deleted at once");
            var path = keep ?? Path.Combine(Path.GetTempPath(), $"kiosk-bench-tally-{Guid.NewGuid():N}.csv");
            try
            {
                var bytes = Generate(path, count, seed: 2024);
                if (context.Get(generateOnly))
                {
                    await context.Output.WriteLineAsync($"wrote {path}: {count:N0} ballots, {bytes / 1e6:F1} MB");
                    return 0;
                }
                var report = await MeasureAsync(path, count, bytes, context.Cancellation);
                if (context.Json)
                {
                    await context.WriteJsonAsync(report);
                }
                else
                {
                    var table = new Table().AddColumns("cores", "ballots", "file MB", "wall s", "peak RSS MB", "winner");
                    table.AddRow(report.Cores.ToString(CultureInfo.InvariantCulture), report.Ballots.ToString("N0", CultureInfo.InvariantCulture),
                        (report.FileBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture), report.WallSeconds.ToString("F2", CultureInfo.InvariantCulture),
                        (report.PeakRssBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(report.Winner));
                    context.Console.Write(table);
                    context.Console.MarkupLine($"[grey]{Markup.Escape(report.Command)}[/]");
                }
                return 0;
            }
            finally
            {
                if (keep is null && File.Exists(path)) File.Delete(path);
            }
        });
        return command;
    }

    /// <summary>The figures of one run.</summary>
    public sealed record TallyBenchReport(int Cores, int Ballots, long FileBytes, double WallSeconds, long PeakRssBytes, string Winner, string Command);

    /// <summary>
    /// Writes the ranked CSV: <c>id,precinct,ballot_type,rank1,rank2,rank3</c>; candidates drawn without replacement by a fixed popularity, with
    /// undeclared write-ins, blank ballots, short rankings, skipped ranks, overvotes and repeated rankings in realistic shares.
    /// </summary>
    /// <returns>The file's size in bytes.</returns>
    public static long Generate(string path, int ballots, int seed)
    {
        var random = new Random(seed);
        var names = Candidates.Append(WriteIn).Select(Quote).ToArray();
        // Popularity falls off like 1/(i+1)^1.1; write-ins (last) sit at about 2 % of first choices.
        var weights = Enumerable.Range(0, Candidates.Length).Select(i => 1.0 / Math.Pow(i + 1, 1.1)).Append(0.07).ToArray();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        writer.Write("id,precinct,ballot_type,rank1,rank2,rank3\n");
        var cells = new string[3];
        var left = new List<int>(names.Length);
        for (var b = 1; b <= ballots; b++)
        {
            writer.Write("CVR-");
            writer.Write(b.ToString("D7", CultureInfo.InvariantCulture));
            // Columns the count ignores, as a real cast-vote record carries them.
            writer.Write(",Pct ");
            writer.Write(random.Next(1, 420).ToString("D4", CultureInfo.InvariantCulture));
            writer.Write(random.NextDouble() < 0.6 ? ",Vote by Mail" : ",Election Day");
            var kind = random.NextDouble();
            left.Clear();
            for (var c = 0; c < names.Length; c++) left.Add(c);
            var ranks = kind < 0.012 ? 0 : kind < 0.30 ? 1 : kind < 0.52 ? 2 : 3;
            for (var r = 0; r < 3; r++) cells[r] = r < ranks ? names[Draw(random, weights, left)] : "";
            var twist = random.NextDouble();
            if (ranks >= 2 && twist < 0.004) cells[1] = $"{Strip(cells[1])}|{Strip(names[Draw(random, weights, left)])}".Insert(0, "\"") + "\"";
            else if (ranks == 3 && twist < 0.012) cells[1] = "";
            else if (ranks >= 2 && twist < 0.018) cells[ranks - 1] = cells[0];
            for (var r = 0; r < 3; r++)
            {
                writer.Write(',');
                writer.Write(cells[r]);
            }
            writer.Write('\n');
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    private static string Quote(string name) => name.Contains(',', StringComparison.Ordinal) ? $"\"{name}\"" : name;

    private static string Strip(string cell) => cell.Trim('"');

    private static int Draw(Random random, double[] weights, List<int> left)
    {
        var total = 0.0;
        foreach (var c in left) total += weights[c];
        var x = random.NextDouble() * total;
        var k = 0;
        while (k < left.Count - 1 && (x -= weights[left[k]]) > 0) k++;
        var chosen = left[k];
        left.RemoveAt(k);
        return chosen;
    }

    /// <summary>
    /// Counts the file with the product program (<c>kiosk.dll</c>, beside this one) in a child process, under
    /// <c>/usr/bin/time</c> when the machine has it (its elapsed time and maximum resident set size are the figures),
    /// otherwise timed here with the peak memory unknown (0).
    /// </summary>
    private static async Task<TallyBenchReport> MeasureAsync(string path, int ballots, long bytes, CancellationToken cancellationToken)
    {
        var kiosk = Path.Combine(AppContext.BaseDirectory, "kiosk.dll");
        if (!File.Exists(kiosk)) throw new UserErrorException($"{kiosk}: the product program is missing; build tests/Kiosk.Tools first");
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        string[] count = [dotnet, kiosk, "tally", "--method", "irv", "--ballots", path, "--undeclared-write-in", WriteIn, "--json"];
        var timeFile = Path.GetTempFileName();
        try
        {
            string[] argv = File.Exists(TimeProgram) ? [TimeProgram, "-f", "%e %M", "-o", timeFile, .. count] : count;
            var start = new ProcessStartInfo(argv[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
            var clock = Stopwatch.StartNew();
            using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the count");
            child.StandardInput.Close();
            var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
            await child.WaitForExitAsync(cancellationToken);
            clock.Stop();
            var output = await stdout;
            if (child.ExitCode != 0) throw new UserErrorException($"the count failed (exit {child.ExitCode}): {(await stderr).Trim()}");
            using var json = System.Text.Json.JsonDocument.Parse(output);
            var winners = json.RootElement.GetProperty("winners").EnumerateArray().Select(w => w.GetString()).ToArray();
            var wall = clock.Elapsed.TotalSeconds;
            var peak = 0L;
            var measured = File.Exists(TimeProgram) ? (await File.ReadAllTextAsync(timeFile, cancellationToken)).Trim().Split(' ') : [];
            if (measured.Length == 2
                && double.TryParse(measured[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var elapsed)
                && long.TryParse(measured[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                wall = elapsed;
                peak = kilobytes * 1024;
            }
            return new TallyBenchReport(Environment.ProcessorCount, ballots, bytes, wall, peak, string.Join(", ", winners),
                string.Join(' ', count.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));
        }
        finally
        {
            File.Delete(timeFile);
        }
    }

    /// <summary>GNU time, which reports a child's elapsed time and maximum resident set size.</summary>
    private const string TimeProgram = "/usr/bin/time";
}
