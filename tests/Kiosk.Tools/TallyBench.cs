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
/// write-ins, up to 3 ranks, about 78 MB: the shape of a real city's cast-vote record), or the same ballots as BLT, and counts
/// it (IRV by default) with the product's own <c>kiosk tally</c> in a child process, reporting its wall time, processor time
/// and peak resident memory. The file is
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
        var method = new Option<string>("--method") { Description = "The counting method: irv, stv-scottish, stv-meek or schulze.", DefaultValueFactory = _ => "irv" };
        var seats = new Option<int>("--seats") { Description = "Seats, for STV.", DefaultValueFactory = _ => 1 };
        var blt = new Option<bool>("--blt") { Description = "Write the ballots as BLT instead of CSV." };
        var command = new Command("tally", "Generate a city-scale ranked file and time `kiosk tally` on it: wall time, processor time and peak memory.")
        {
            ballots, file, generateOnly, method, seats, blt,
        };
        command.SetAction(async context =>
        {
            var count = context.Get(ballots);
            if (count < 1) throw new UserErrorException("--ballots must be a positive number");
            var keep = context.Get(file);
            if (context.Get(generateOnly) && keep is null) throw new UserErrorException("--generate-only needs --file, or the file would be deleted at once");
            var asBlt = context.Get(blt);
            var path = keep ?? Path.Combine(Path.GetTempPath(), $"kiosk-bench-tally-{Guid.NewGuid():N}" + (asBlt ? ".blt" : ".csv"));
            if (keep is not null && asBlt != path.EndsWith(".blt", StringComparison.OrdinalIgnoreCase)) throw new UserErrorException("--file must end in .blt with --blt, and not otherwise");
            try
            {
                var bytes = Generate(path, count, seed: 2024, asBlt);
                if (context.Get(generateOnly))
                {
                    await context.Output.WriteLineAsync($"wrote {path}: {count:N0} ballots, {bytes / 1e6:F1} MB");
                    return 0;
                }
                var report = await MeasureAsync(path, count, bytes, context.Get(method)!, context.Get(seats), context.Cancellation);
                if (context.Json)
                {
                    await context.WriteJsonAsync(report);
                }
                else
                {
                    var table = new Table().AddColumns("cores", "load", "ballots", "file MB", "wall s", "cpu s", "peak RSS MB", "winner");
                    table.AddRow(report.Cores.ToString(CultureInfo.InvariantCulture), report.LoadAverage, report.Ballots.ToString("N0", CultureInfo.InvariantCulture),
                        (report.FileBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture), report.WallSeconds.ToString("F2", CultureInfo.InvariantCulture),
                        report.CpuSeconds.ToString("F2", CultureInfo.InvariantCulture), (report.PeakRssBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture),
                        Markup.Escape(report.Winner));
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
    public sealed record TallyBenchReport(int Cores, int Ballots, long FileBytes, double WallSeconds, double CpuSeconds, long PeakRssBytes, string LoadAverage, string Winner, string Command);

    /// <summary>The one-minute load average when the count ended: on a shared machine, wall time means little without it.</summary>
    private static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>
    /// Writes the ballots: candidates drawn without replacement by a fixed popularity, with undeclared write-ins, blank
    /// ballots, short rankings, skipped ranks, overvotes and repeated rankings in realistic shares. As CSV:
    /// <c>id,precinct,ballot_type,rank1,rank2,rank3</c>. As BLT: one line per ballot (an overvote keeps its first candidate,
    /// since BLT ranks one candidate per rank for IRV and STV), then the names.
    /// </summary>
    /// <returns>The file's size in bytes.</returns>
    public static long Generate(string path, int ballots, int seed, bool blt = false)
    {
        var random = new Random(seed);
        var all = Candidates.Append(WriteIn).ToArray();
        var names = all.Select(Quote).ToArray();
        // Popularity falls off like 1/(i+1)^1.1; write-ins (last) sit at about 2 % of first choices.
        var weights = Enumerable.Range(0, Candidates.Length).Select(i => 1.0 / Math.Pow(i + 1, 1.1)).Append(0.07).ToArray();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        writer.Write(blt ? $"{all.Length} 1\n" : "id,precinct,ballot_type,rank1,rank2,rank3\n");
        var ranks = new List<int>[3];
        for (var r = 0; r < 3; r++) ranks[r] = [];
        var left = new List<int>(names.Length);
        for (var b = 1; b <= ballots; b++)
        {
            // Columns the count ignores, as a real cast-vote record carries them.
            var precinct = random.Next(1, 420);
            var mail = random.NextDouble() < 0.6;
            var kind = random.NextDouble();
            left.Clear();
            for (var c = 0; c < names.Length; c++) left.Add(c);
            var ranked = kind < 0.012 ? 0 : kind < 0.30 ? 1 : kind < 0.52 ? 2 : 3;
            for (var r = 0; r < 3; r++)
            {
                ranks[r].Clear();
                if (r < ranked) ranks[r].Add(Draw(random, weights, left));
            }
            var twist = random.NextDouble();
            if (ranked >= 2 && twist < 0.004) ranks[1].Add(Draw(random, weights, left));
            else if (ranked == 3 && twist < 0.012) ranks[1].Clear();
            else if (ranked >= 2 && twist < 0.018) ranks[ranked - 1] = [.. ranks[0]];
            if (blt)
            {
                writer.Write('1');
                foreach (var rank in ranks.Take(ranked))
                {
                    writer.Write(' ');
                    writer.Write(rank.Count == 0 ? "-" : (rank[0] + 1).ToString(CultureInfo.InvariantCulture));
                }
                writer.Write(" 0\n");
                continue;
            }
            writer.Write("CVR-");
            writer.Write(b.ToString("D7", CultureInfo.InvariantCulture));
            writer.Write(",Pct ");
            writer.Write(precinct.ToString("D4", CultureInfo.InvariantCulture));
            writer.Write(mail ? ",Vote by Mail" : ",Election Day");
            foreach (var rank in ranks)
            {
                writer.Write(',');
                writer.Write(rank.Count switch { 0 => "", 1 => names[rank[0]], _ => Quote(string.Join('|', rank.Select(c => all[c]))) });
            }
            writer.Write('\n');
        }
        if (blt)
        {
            writer.Write("0\n");
            foreach (var name in all) writer.Write($"\"{name}\"\n");
            writer.Write("\"Generated city election\"\n");
        }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    private static string Quote(string name) => name.Contains(',', StringComparison.Ordinal) ? $"\"{name}\"" : name;

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
    /// otherwise timed here with the processor time and peak memory unknown (0).
    /// </summary>
    private static async Task<TallyBenchReport> MeasureAsync(string path, int ballots, long bytes, string method, int seats, CancellationToken cancellationToken)
    {
        var kiosk = Path.Combine(AppContext.BaseDirectory, "kiosk.dll");
        if (!File.Exists(kiosk)) throw new UserErrorException($"{kiosk}: the product program is missing; build tests/Kiosk.Tools first");
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        string[] count = [dotnet, kiosk, "tally", "--method", method, "--ballots", path, "--seats", seats.ToString(CultureInfo.InvariantCulture), "--undeclared-write-in", WriteIn, "--json"];
        var timeFile = Path.GetTempFileName();
        try
        {
            string[] argv = File.Exists(TimeProgram) ? [TimeProgram, "-f", "%e %U %S %M", "-o", timeFile, .. count] : count;
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
            var cpu = 0.0;
            var peak = 0L;
            var measured = File.Exists(TimeProgram) ? (await File.ReadAllTextAsync(timeFile, cancellationToken)).Trim().Split(' ') : [];
            if (measured.Length == 4
                && double.TryParse(measured[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var elapsed)
                && double.TryParse(measured[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var user)
                && double.TryParse(measured[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var system)
                && long.TryParse(measured[3], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                wall = elapsed;
                cpu = user + system;
                peak = kilobytes * 1024;
            }
            return new TallyBenchReport(Environment.ProcessorCount, ballots, bytes, wall, cpu, peak, Load(), string.Join(", ", winners),
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
