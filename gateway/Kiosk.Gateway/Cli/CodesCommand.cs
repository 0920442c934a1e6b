using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Globalization;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk codes issue BALLOT</c>: makes one-time voter codes, publishes for each ballot only the sorted commitments of the
/// codes' per-ballot credentials (VoterCodesIssued, split into events of at most <see cref="VoterCodesIssuedBody.MaxCodes"/>
/// by <see cref="CodeIssuance"/>) and writes the printable sheet, mode 0600. One slip serves every ballot of the session.
/// The codes are printed nowhere else, unless <c>--print-codes</c> asks for them on standard output (demos and tests).
/// </summary>
public static class CodesCommand
{
    /// <summary>Most codes one run makes.</summary>
    public const int MaxCount = 20_000;

    /// <summary>Builds the <c>codes</c> command group.</summary>
    public static Command Create()
    {
        var ballot = BallotArgument.Several("The ballot the codes are for; several (space- or comma-separated) for a session: one code votes once on each.");
        var count = new Option<int>("--count") { Description = "How many codes to make.", Required = true };
        var weight = new Option<decimal>("--weight") { Description = "The weight each code's vote carries (assemblies that weight votes).", DefaultValueFactory = _ => 1m };
        var sheet = new Option<string?>("--sheet") { Description = "Where to write the printable HTML sheet (default: DATA/sheets/BALLOT-TIME.html)." };
        var printCodes = new Option<bool>("--print-codes") { Description = "Also print the codes on standard output (for demos and tests; otherwise they are only on the sheet)." };
        var camera = new Option<bool>("--camera") { Description = "The kiosks have cameras (kiosk run --camera): the slips say to hold the QR code up to the kiosk's camera." };
        var signer = SignerOption.Create();
        var issue = new Command("issue", "Issue one-time voter codes and write their printable sheet (signed by a facilitator).") { ballot, count, weight, sheet, printCodes, camera, signer };
        issue.SetAction(async context =>
        {
            var ids = BallotArgument.Ids(context.Get(ballot)!);
            var n = context.Get(count);
            var w = context.Get(weight);
            if (ids.Length == 0) throw new UserErrorException("name at least one ballot: kiosk codes issue BALLOT --count N");
            if (n is < 1 or > MaxCount) throw new UserErrorException($"--count must be between 1 and {MaxCount}, not {n}");
            if (w is <= 0 or > 1000) throw new UserErrorException($"--weight must be greater than 0 and at most 1000, not {w.ToString(CultureInfo.InvariantCulture)}");

            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var ballots = AssemblyBallots.Read(ledger);
            if (ballots.Authority.RoleOf(author.PublicKey) != Role.Facilitator)
                throw new UserErrorException($"key '{context.Get(signer)}' is not a facilitator of this assembly; only facilitators issue codes (--as NAME)");
            var definitions = ids.Select(id => ballots.Require(id).Definition).ToList();
            foreach (var d in definitions)
            {
                if (d.Eligibility != BallotDefinition.ByCodes) throw new UserErrorException($"ballot '{d.Id}' is a roll-call ballot: members vote with their enrolled buttons, not codes");
                if (ballots.Projection.IsClosedByFacilitator(d.Id)) throw new UserErrorException($"ballot '{d.Id}' is closed");
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            while (codes.Count < n) codes.Add(VoterCode.Generate());
            var list = codes.ToList();
            var target = context.Get(sheet) ?? DefaultSheetPath(context.Data, ids[0]);
            if (File.Exists(target)) throw new UserErrorException($"{target} already exists; codes sheets are never overwritten");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);

            // The sheet is written first under a temporary name and only given its name once the codes are in the ledger:
            // a failed run leaves neither a sheet of codes that do not work nor codes nobody can hand out.
            var partial = target + ".partial";
            if (File.Exists(partial)) File.Delete(partial);
            CodeSheet.WriteOwnerOnly(partial, CodeSheet.Html(ballots.Authority.AssemblyName ?? "", definitions, list, w, ballots.Authority.Languages,
                Host.ConsoleCertificate.FingerprintOf(context.Data.ConsoleCertificatePath), context.Get(camera)));
            var events = new List<LedgerEvent>();
            var bodies = CodeIssuance.Bodies(ids, list.Select(c => VoterCode.Normalize(c, out _)!).ToList(), w);
            try
            {
                foreach (var body in bodies)
                    events.Add(await ledger.AppendOrFailAsync(author, VotingKinds.VoterCodesIssued, body, context.Cancellation));
            }
            catch (Exception) when (events.Count == 0)
            {
                // Nothing issued (refused, or the disk failed): no file of codes stays behind.
                File.Delete(partial);
                throw;
            }
            catch (Exception e) when (e is UserErrorException or Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // Some events are in; keep the sheet's codes so the issued ones are not lost.
                File.Move(partial, target);
                var why = e is Microsoft.Data.Sqlite.SqliteException sqlite && StorageErrors.Describe(sqlite) is { } sentence ? sentence : e.Message;
                var working = string.Join(", ", bodies.Take(events.Count).SelectMany(b => b.Ballots).Distinct(StringComparer.Ordinal));
                throw new UserErrorException($"{why} (after {events.Count} of {bodies.Count} events; the sheet {target} holds every code made; the codes' lists are complete only for ballots whose events all went in: check with kiosk ballot show; issued so far for: {working})");
            }
            File.Move(partial, target);

            var print = context.Get(printCodes);
            if (context.Json)
            {
                await context.WriteJsonAsync(new IssuedOutput(ids, list.Count, w, Path.GetFullPath(target), events.Select(e => e.Id.ToHex()), print ? list : null));
                return 0;
            }
            await context.Output.WriteLineAsync($"Issued {list.Count} code(s) for {string.Join(", ", ids)} (weight {w.ToString(CultureInfo.InvariantCulture)}) in {events.Count} event(s).");
            await context.Output.WriteLineAsync($"Printable sheet: {Path.GetFullPath(target)} (mode 0600: it holds the codes in plain text; delete it once printed).");
            if (print)
                foreach (var code in list) await context.Output.WriteLineAsync(code);
            return 0;
        });
        var command = new Command("codes", "Issue voter codes.");
        command.Subcommands.Add(issue);
        return command;
    }

    private static string DefaultSheetPath(DataFolder data, string ballot)
    {
        var folder = Path.Combine(data.Root.FullName, "sheets");
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stamp = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(folder, $"{ballot}-{stamp}.html");
        for (var i = 2; File.Exists(path); i++) path = Path.Combine(folder, $"{ballot}-{stamp}-{i}.html");
        return path;
    }

    /// <summary>The --json output of codes issue.</summary>
    internal sealed record IssuedOutput(string[] Ballots, int Count, decimal Weight, string Sheet, IEnumerable<string> Events, List<string>? Codes);
}
