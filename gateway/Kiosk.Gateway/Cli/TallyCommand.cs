using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Voting.Tally;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk tally</c>: counts a ballot file by one of the tally methods and prints every round as a table, or the result as
/// JSON (docs/tally-format.md) with <c>--json</c>. Rules come from <c>--rules FILE.json</c> and/or flags (flags win).
/// A bad file or rule is one line on stderr naming the file, line and column, with exit code 2.
/// </summary>
public static class TallyCommand
{
    /// <summary>Builds the <c>tally</c> command: <c>--method</c>, <c>--ballots</c>, <c>--rules</c>, and one flag per rule option.</summary>
    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = $"Counting method: {string.Join(", ", TallyMethodNames.All)}.", Required = true };
        var ballots = new Option<string>("--ballots") { Description = "Ballot file: ranked CSV or .blt (ranked methods), .pb (equal-shares), choice CSV (others).", Required = true };
        var rulesFile = new Option<string?>("--rules") { Description = "JSON file of rules (see docs/tally-format.md); flags override it." };
        // Every rule option is a flag with the rules-file key's words (maxSkippedRanks: --max-skipped-ranks); the key's own
        // spelling and older flags are accepted too, so a name copied from either place works in the other.
        var flags = TallyOptions.All.Select(o => (Rule: o, Flag: RuleFlag(o))).ToArray();

        var command = new Command("tally", "Count a ballot file by IRV, STV (Scottish or Meek), Schulze, approval, plurality, yes/no, consent or Equal Shares, showing every round.");
        command.Options.Add(method);
        command.Options.Add(ballots);
        command.Options.Add(rulesFile);
        foreach (var (_, flag) in flags) command.Options.Add(flag);

        command.SetAction(async context =>
        {
            var chosen = Check(TallyMethodNames.Parse(context.Get(method)), "--method");
            var path = context.Get(ballots)!;
            if (!File.Exists(path)) throw new UserErrorException($"{path}: no such ballot file");
            var rules = TallyRules.Default;
            if (context.Get(rulesFile) is { } rf)
            {
                if (!File.Exists(rf)) throw new UserErrorException($"{rf}: no such rules file");
                var parsed = TallyRules.Parse(await File.ReadAllTextAsync(rf, context.Cancellation));
                if (!parsed.Ok) throw new UserErrorException(parsed.Error!.In(rf).ToString());
                rules = parsed.Value!;
            }
            int? seatCount = null;
            foreach (var (rule, flag) in flags)
            {
                if (context.Parse.GetResult(flag) is null) continue;
                var value = context.Get(flag) ?? (rule.IsSwitch ? "on" : throw new UserErrorException($"{rule.Flag}: expected {rule.Values}"));
                rules = Check(rule.Apply(rules, value), rule.Flag);
                if (rule.Key == "seats") seatCount = rules.Seats;
            }
            if (rules.Validate() is { } invalid) throw new UserErrorException(invalid.ToString());

            // The file is streamed: a city's cast-vote record is read row by row, never held whole.
            Outcome<TallyResult> outcome;
            using (var text = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 }))
                outcome = Kiosk.Voting.Tally.Tally.Run(chosen, text, path, rules, seatCount);
            if (!outcome.Ok) throw new UserErrorException(outcome.Error!.ToString());
            var result = outcome.Value!;
            if (context.Json) await context.Output.WriteAsync(TallyJson.Write(result));
            else TallyTable.Render(context.Console, result);
            return 0;
        });
        return command;
    }

    /// <summary>The flag of a rule option, with the key's camelCase spelling and any older spelling as aliases.</summary>
    private static Option<string?> RuleFlag(TallyOption rule)
    {
        var aliases = new[] { "--" + rule.Key }.Concat(rule.OldSpellings.Select(s => "--" + s)).Where(a => a != rule.Flag).Distinct().ToArray();
        return new Option<string?>(rule.Flag, aliases)
        {
            Description = $"{rule.Description} Values: {rule.Values}.",
            Arity = rule.IsSwitch ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        };
    }

    private static T Check<T>(Outcome<T> outcome, string flag) => outcome.Ok ? outcome.Value! : throw new UserErrorException($"{flag}: {outcome.Error!.Message}");
}
