using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Globalization;
using Kiosk.Voting.Tally;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk tally</c>: counts a ballot file by one of the tally methods and prints every round as a table, or the result as
/// JSON (docs/tally-format.md) with <c>--json</c>. Rules come from <c>--rules FILE.json</c> and/or flags (flags win).
/// A bad file or rule is one line on stderr naming the file, line and column, with exit code 2.
/// </summary>
public static class TallyCommand
{
    /// <summary>Builds the <c>tally</c> command.</summary>
    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = $"Counting method: {string.Join(", ", TallyMethodNames.All)}.", Required = true };
        var ballots = new Option<string>("--ballots") { Description = "Ballot file: ranked CSV or .blt (ranked methods), .pb (equal-shares), choice CSV (others).", Required = true };
        var seats = new Option<string?>("--seats") { Description = "Seats to fill (STV, approval, plurality); overrides a BLT file's seat count." };
        var rulesFile = new Option<string?>("--rules") { Description = "JSON file of rules (see docs/tally-format.md); flags override it." };
        var candidates = new Option<string?>("--candidates") { Description = "Comma-separated complete list of candidates (or options), including any nobody ranked." };
        var overvote = new Option<string?>("--overvote") { Description = "exhaust-immediately | always-skip-to-next-rank | exhaust-if-multiple-continuing." };
        var maxSkipped = new Option<string?>("--max-skipped") { Description = "Most consecutive skipped ranks allowed: a number or 'unlimited'." };
        var duplicate = new Option<string?>("--duplicate") { Description = "A candidate ranked twice: skip | exhaust." };
        var batch = new Option<string?>("--batch-elimination") { Description = "IRV batch elimination: on | off." };
        var tieBreak = new Option<string?>("--tie-break") { Description = "candidate-order | previous-rounds | random." };
        var seed = new Option<string?>("--seed") { Description = "Seed of the random tie-break (recorded in the result)." };
        var precision = new Option<string?>("--precision") { Description = "Meek STV: decimal places (default 9)." };
        var omega = new Option<string?>("--omega") { Description = "Meek STV: iteration stops below this total surplus (default 0.000001)." };
        var threshold = new Option<string?>("--threshold") { Description = "Yes/no: simple-majority | two-thirds | three-quarters | unanimity." };
        var quorumBase = new Option<string?>("--quorum-base") { Description = "Yes/no: number of eligible voters or of codes issued." };
        var quorumBasis = new Option<string?>("--quorum-basis") { Description = "Yes/no: what --quorum-base counts: eligible | codes-issued." };
        var quorumFraction = new Option<string?>("--quorum-fraction") { Description = "Yes/no: share of the base that must take part (default 0.5)." };
        var budget = new Option<string?>("--budget") { Description = "Equal Shares: the budget (overrides the file's)." };
        var completion = new Option<string?>("--completion") { Description = "Equal Shares: add-one-then-greedy | greedy | none." };
        var completionStep = new Option<string?>("--completion-step") { Description = "Equal Shares: how much each voter's share grows per add-one step (default 1)." };

        var command = new Command("tally", "Count a ballot file by IRV, STV (Scottish or Meek), Schulze, approval, plurality, yes/no, consent or Equal Shares, showing every round.");
        foreach (var option in new Option[] { method, ballots, seats, rulesFile, candidates, overvote, maxSkipped, duplicate, batch, tieBreak, seed, precision, omega, threshold, quorumBase, quorumBasis, quorumFraction, budget, completion, completionStep })
            command.Options.Add(option);

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
            if (context.Get(candidates) is { } list) rules = rules with { Candidates = list.Split(',').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray() };
            if (context.Get(overvote) is { } ov) rules = rules with { Overvote = Check(TallyRules.ParseOvervote(ov), "--overvote") };
            if (context.Get(maxSkipped) is { } ms) rules = rules with { MaxSkippedRanks = Check(TallyRules.ParseMaxSkipped(ms), "--max-skipped") };
            if (context.Get(duplicate) is { } du) rules = rules with { Duplicate = Check(TallyRules.ParseDuplicate(du), "--duplicate") };
            if (context.Get(batch) is { } ba) rules = rules with { BatchElimination = ba.ToLowerInvariant() switch { "on" or "true" => true, "off" or "false" => false, _ => throw new UserErrorException($"--batch-elimination: expected on or off, not '{ba}'") } };
            if (context.Get(tieBreak) is { } tb) rules = rules with { TieBreak = Check(TallyRules.ParseTieBreak(tb), "--tie-break") };
            if (context.Get(seed) is { } sd) rules = rules with { Seed = ulong.TryParse(sd, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new UserErrorException($"--seed: '{sd}' is not a non-negative whole number") };
            if (context.Get(precision) is { } pr) rules = rules with { Precision = Whole(pr, "--precision") };
            if (context.Get(omega) is { } om) rules = rules with { Omega = Number(om, "--omega") };
            if (context.Get(threshold) is { } th) rules = rules with { Threshold = Check(TallyRules.ParseThreshold(th), "--threshold") };
            if (context.Get(quorumBase) is { } qb) rules = rules with { QuorumBase = Number(qb, "--quorum-base") };
            if (context.Get(quorumBasis) is { } qs) rules = rules with { QuorumBasis = qs };
            if (context.Get(quorumFraction) is { } qf) rules = rules with { QuorumFraction = Number(qf, "--quorum-fraction") };
            if (context.Get(budget) is { } bu) rules = rules with { Budget = Number(bu, "--budget") };
            if (context.Get(completion) is { } co) rules = rules with { Completion = Check(TallyRules.ParseCompletion(co), "--completion") };
            if (context.Get(completionStep) is { } cs) rules = rules with { CompletionStep = Number(cs, "--completion-step") };
            int? seatCount = context.Get(seats) is { } st ? Whole(st, "--seats") : null;

            var text = await File.ReadAllTextAsync(path, context.Cancellation);
            var outcome = Kiosk.Voting.Tally.Tally.Run(chosen, text, path, rules, seatCount);
            if (!outcome.Ok) throw new UserErrorException(outcome.Error!.ToString());
            var result = outcome.Value!;
            if (context.Json) await context.Output.WriteAsync(TallyJson.Write(result));
            else TallyTable.Render(context.Console, result);
            return 0;
        });
        return command;
    }

    private static T Check<T>(Outcome<T> outcome, string flag) => outcome.Ok ? outcome.Value! : throw new UserErrorException($"{flag}: {outcome.Error!.Message}");

    private static int Whole(string text, string flag) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw new UserErrorException($"{flag}: '{text}' is not a whole number");

    private static decimal Number(string text, string flag) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw new UserErrorException($"{flag}: '{text}' is not a number");
}
