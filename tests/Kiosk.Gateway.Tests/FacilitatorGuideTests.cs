using System.Text;
using System.Text.RegularExpressions;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// docs/facilitator-guide.md is a script: its <c>sh</c> blocks are run exactly, in order, in-process against a fresh data
/// folder. The guide's conventions are applied and nothing else: <c>./kiosk</c> is the command line, <c>&lt;code N&gt;</c>
/// is the N-th code the last <c>codes issue --print-codes</c> printed, <c>docs/…</c> is in the checkout, <c>data/…</c> is
/// in the data folder, and a line whose comment says <c>exit N</c> must end with that exit code.
/// </summary>
public sealed partial class FacilitatorGuideTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_walkthrough_runs_from_init_to_a_certified_result()
    {
        var commands = Commands(File.ReadAllText(Repo.Path("docs/facilitator-guide.md")));
        Assert.True(commands.Count >= 15, $"the guide has {commands.Count} commands");
        IReadOnlyList<string> codes = [];
        var ran = new List<string>();
        CliRunner.Run? last = null;
        foreach (var (line, args, expectedExit) in commands)
        {
            var resolved = args.Select(a => Resolve(a, codes, line)).ToArray();
            var run = await _cli.Kiosk(resolved);
            Assert.True(run.ExitCode == expectedExit, $"`{line}` exited {run.ExitCode}, the guide expects {expectedExit}:\n{run}");
            if (args is ["codes", "issue", ..] && args.Contains("--print-codes")) codes = VotingCli.CodesIn(run.Output);
            if (args is ["results", ..]) last = run;
            ran.Add(CommandWords(args));
        }

        // The walkthrough covers the whole way, and ends with the final, certified result: oak, after willow's transfer.
        foreach (var step in new[] { "init", "facilitator add", "gateway enrol", "ballot create", "codes issue", "ballot open", "vote", "ballot close", "results", "ballot certify", "verify", "export" })
            Assert.Contains(step, ran);
        Assert.True(ran.IndexOf("ballot certify") < ran.LastIndexOf("results"));
        Assert.NotNull(last);
        Assert.Contains("status: final (certified)", last.Output, StringComparison.Ordinal);
        Assert.Contains("Winners: oak", last.Output, StringComparison.Ordinal);
        var final = await VotingCli.ResultsAsync(_cli, "garden-name");
        Assert.Equal("final", final.GetProperty("status").GetString());
        Assert.Equal(["oak"], final.GetProperty("winners").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(5, final.GetProperty("counted").GetInt32());
        Assert.True(File.Exists(Path.Combine(_cli.Data, "elm-street.jsonl")));
    }

    /// <summary>The words naming the command: "vote", or a group and its subcommand, "ballot certify".</summary>
    private static string CommandWords(string[] args) =>
        Gateway.Cli.KioskCli.Build().Subcommands.FirstOrDefault(c => c.Name == args[0]) is { Subcommands.Count: > 0 } && args.Length > 1
            ? args[0] + " " + args[1]
            : args[0];

    private string Resolve(string arg, IReadOnlyList<string> codes, string line)
    {
        if (CodePlaceholder().Match(arg) is { Success: true } m)
        {
            var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(n >= 1 && n <= codes.Count, $"`{line}` uses <code {n}>, but {codes.Count} codes were printed");
            return codes[n - 1];
        }
        if (arg.StartsWith("docs/", StringComparison.Ordinal)) return Repo.Path(arg);
        if (arg.StartsWith("data/", StringComparison.Ordinal)) return Path.Combine(_cli.Data, arg["data/".Length..]);
        return arg;
    }

    /// <summary>The <c>./kiosk</c> lines of the guide's sh blocks: the line, its arguments, and the exit code it expects.</summary>
    internal static List<(string Line, string[] Args, int ExpectedExit)> Commands(string markdown)
    {
        var commands = new List<(string, string[], int)>();
        var inSh = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inSh = !inSh && line.Trim() == "```sh";
                continue;
            }
            if (!inSh || line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var (words, comment) = Split(line.Trim());
            Assert.True(words is ["./kiosk", _, ..], $"a guide command runs ./kiosk: `{line}`");
            var exit = comment is not null && ExitComment().Match(comment) is { Success: true } e ? int.Parse(e.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            commands.Add((line.Trim(), words.Skip(1).ToArray(), exit));
        }
        return commands;
    }

    /// <summary>Shell-like words: spaces separate, double or single quotes group, <c>&lt;code N&gt;</c> is one word, <c>#</c> starts a comment.</summary>
    private static (List<string> Words, string? Comment) Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '"' or '\'')
            {
                var end = line.IndexOf(c, i + 1);
                Assert.True(end > i, $"unclosed quote in `{line}`");
                word.Append(line, i + 1, end - i - 1);
                inWord = true;
                i = end;
            }
            else if (c == '<' && !inWord)
            {
                var end = line.IndexOf('>', i);
                word.Append(line, i, end - i + 1);
                inWord = true;
                i = end;
            }
            else if (c == '#' && !inWord)
            {
                return (words, line[(i + 1)..]);
            }
            else if (c == ' ')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                Assert.False(c is '|' or '>' or '$' or ';' or '&' or '`' or '\\', $"the guide keeps to plain commands: `{line}`");
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return (words, null);
    }

    [GeneratedRegex("^<code (\\d+)>$")]
    private static partial Regex CodePlaceholder();

    [GeneratedRegex("exit (\\d+)")]
    private static partial Regex ExitComment();
}
