using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Tally;

namespace Kiosk.Gateway.Web;

/// <summary>
/// What each button of the kiosk does to a visit: from the visit and the posted form to the visit's next state. It
/// casts the vote on "Confirm" and forgets the code as soon as the vote is recorded or refused. A form posted from
/// another screen than the visit's (an old page, a double tap) changes nothing. With a receipt printer, "Confirm" also
/// prints the receipt (the tracker, never the code or the choice).
/// </summary>
public sealed class KioskFlow(GatewayContext context, TextCatalog catalog, ReceiptPrinter? printer = null)
{
    /// <summary>The visit after <paramref name="form"/>'s button.</summary>
    public async Task<KioskVisit> StepAsync(KioskVisit visit, KioskForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(form);
        // "Done" and "Start again" end the visit from whatever page they were pressed on.
        if (form.Action == "done") return visit with { Screen = KioskScreen.Finished };
        if (form.Screen != KioskForm.NameOf(visit.Screen)) return visit;
        visit = visit with { Problem = null, Size = KioskVisit.Sizes.Contains(form.SetSize ?? "") ? form.SetSize! : visit.Size };
        if (visit.Screen == KioskScreen.Code && form.Code is not null)
            visit = visit with { Code = Cap(form.Code.Trim(), KioskVisit.MaxCodeText) };
        if (visit.Screen == KioskScreen.Objection && form.Objection is not null)
            visit = visit with { Objection = Cap(form.Objection.Trim(), KioskVisit.MaxObjection) };
        var action = form.Action;
        if (action.Length == 0) return visit; // a text-size change

        var t = catalog.For(visit.Lang);
        switch (visit.Screen)
        {
            case KioskScreen.Code:
                if (action.StartsWith("key:", StringComparison.Ordinal)) return visit with { Code = Keypad(visit.Code, action[4..]) };
                if (action == "check") return CheckCode(t, visit);
                return action == "back" ? visit with { Screen = KioskScreen.Left } : visit;
            case KioskScreen.Receipt:
                return action == "again" ? KioskVisit.Start(visit.Lang, visit.Size, catalog) : visit;
            case KioskScreen.Refused:
                return visit;
        }

        // Every later screen holds a code that was checked; read it again rather than trust that.
        if (VoterCode.Normalize(visit.Code, out _) is not { } code) return Refused(visit, t.T("CodeMistyped"));
        if (visit.Screen == KioskScreen.Ballots)
        {
            if (action == "back") return AtCode(visit);
            if (!action.StartsWith("ballot:", StringComparison.Ordinal)) return visit;
            return Ballot(code, action[7..]) is { } chosen
                ? visit with { Screen = KioskScreen.Vote, Ballot = chosen.Id, Selection = [], Objection = "" }
                : Refused(visit, t.T("BallotNotAvailable"));
        }
        if (visit.Ballot is null || Ballot(code, visit.Ballot) is not { } ballot) return Refused(visit, t.T("BallotNotAvailable"));
        var choice = visit with { Selection = [.. visit.Selection.Where(id => ballot.Option(id) is not null)] };
        var voting = choice with { Screen = KioskScreen.Vote };

        if (action == "back")
        {
            if (visit.Screen is KioskScreen.Objection or KioskScreen.Review) return voting;
            return BallotView.ForCode(context, code) is { Count: > 1 } ? AtBallots(visit) : AtCode(visit);
        }
        if (visit.Screen == KioskScreen.Review)
        {
            return action switch
            {
                "confirm" => await ConfirmAsync(t, choice, ballot, code, cancellationToken),
                "edit" => voting,
                _ => visit,
            };
        }
        if (visit.Screen == KioskScreen.Objection) return action == "review" ? ToReview(t, choice, ballot) : visit;

        switch (action)
        {
            case var pick when pick.StartsWith("pick:", StringComparison.Ordinal) && ballot.Option(pick[5..]) is not null:
                var picked = choice with { Selection = [pick[5..]] };
                return ballot.TallyMethod == TallyMethod.Consent && pick[5..] == "object"
                    ? picked with { Screen = KioskScreen.Objection }
                    : picked with { Screen = KioskScreen.Review, Objection = "" };
            case var tap when tap.StartsWith("tap:", StringComparison.Ordinal) && ballot.Option(tap[4..]) is not null:
                return voting with { Selection = [.. choice.Selection.Where(s => s != tap[4..]), tap[4..]] };
            case "undo":
                return voting with { Selection = [.. choice.Selection.SkipLast(1)] };
            case var toggle when toggle.StartsWith("toggle:", StringComparison.Ordinal) && ballot.Option(toggle[7..]) is { } option:
                if (choice.Selection.Contains(option.Id)) return voting with { Selection = [.. choice.Selection.Where(s => s != option.Id)] };
                var spent = choice.Selection.Sum(id => ballot.Option(id)!.Cost ?? 0);
                if (ballot.TallyMethod == TallyMethod.EqualShares && spent + (option.Cost ?? 0) > ballot.Budget)
                    return voting with { Problem = t.T("OverBudget", BallotView.Label(ballot, option.Id, visit.Lang), t.Money(option.Cost ?? 0, ballot.Currency), t.Money((ballot.Budget ?? 0) - spent, ballot.Currency)) };
                return voting with { Selection = [.. choice.Selection, option.Id] };
            case "review":
                return ToReview(t, choice, ballot);
            default:
                return voting;
        }
    }

    /// <summary>The ballot a normalised code may vote on here by id, or null.</summary>
    public BallotDefinition? Ballot(string code, string id) =>
        BallotView.ForCode(context, code)?.FirstOrDefault(b => b.Ballot.Id == id).Ballot;

    /// <summary>Applies an on-screen keypad key to the code typed so far (symbols grouped in fours as they come).</summary>
    internal static string Keypad(string typed, string key)
    {
        var symbols = new string((typed ?? "").Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        if (key == "del") symbols = symbols.Length > 0 ? symbols[..^1] : "";
        else if (key.Length == 1 && VoterCode.Alphabet.Contains(key[0], StringComparison.Ordinal) && symbols.Length < VoterCode.Length) symbols += key;
        var groups = Enumerable.Range(0, (symbols.Length + 3) / 4).Select(i => symbols.Substring(i * 4, Math.Min(4, symbols.Length - i * 4)));
        return string.Join('-', groups);
    }

    private async Task<KioskVisit> ConfirmAsync(PageText t, KioskVisit visit, BallotDefinition ballot, string code, CancellationToken cancellationToken)
    {
        var outcome = await context.Desk.CastWithCodeAsync(ballot.Id, code, visit.Selection, ObjectionOf(ballot, visit), cancellationToken);
        if (!outcome.IsAccepted)
        {
            return Refused(visit, outcome.Refusal!.Reason switch
            {
                VoteRefusalReason.CodeAlreadyUsed => t.T("CodeAlreadyUsed"),
                VoteRefusalReason.VoteInProgress => t.T("VoteInProgress"),
                VoteRefusalReason.NotRecorded => t.T("VoteNotStored"),
                VoteRefusalReason.BallotClosed or VoteRefusalReason.BallotNotOpen => t.T("BallotNotAvailable"),
                VoteRefusalReason.InvalidChoice => t.T("ChoiceNotValid"),
                VoteRefusalReason.GatewayRecovering => t.T("GatewayRecovering"),
                VoteRefusalReason.GatewayRetired => t.T("GatewayRetired"),
                _ => outcome.Refusal.Message,
            });
        }
        var more = BallotView.ForCode(context, code)?.Any(b => !b.Voted) ?? false;
        var receipt = outcome.InBallotBox
            ? new KioskReceipt(BallotView.Title(ballot, visit.Lang), outcome.Tracker!, more, ballot.EffectiveBatchSize, (int)ballot.BatchWindow.TotalMinutes)
            : new KioskReceipt(BallotView.Title(ballot, visit.Lang), outcome.Tracker!, more);
        if (printer is { Configured: true })
        {
            // The vote is recorded whatever the printer does: a failed print only changes what the receipt screen says.
            var problem = await printer.PrintAsync(ReceiptSlip.EscPos(context.AssemblyName, receipt, t), cancellationToken);
            receipt = receipt with { Printed = problem is null };
        }
        // The receipt keeps no code: a resident who walks away from it leaves nothing anyone could vote with.
        return KioskVisit.Start(visit.Lang, visit.Size, catalog) with { Screen = KioskScreen.Receipt, Receipt = receipt };
    }

    private KioskVisit CheckCode(PageText t, KioskVisit visit)
    {
        if (VoterCode.Normalize(visit.Code, out var typo) is not { } code)
        {
            var problem = typo!.Message.Contains("has a typing mistake", StringComparison.Ordinal) ? t.T("CodeCheckFailed")
                : typo.Message.StartsWith("a voter code has", StringComparison.Ordinal) ? t.T("CodeWrongLength", VoterCode.Length, visit.Code.Count(c => c is not ('-' or ' ')))
                : t.T("CodeBadSymbol");
            return visit with { Problem = problem };
        }
        var formatted = visit with { Code = VoterCode.Format(code) };
        var ballots = BallotView.ForCode(context, code);
        if (ballots is null) return formatted with { Problem = t.T("CodeUnknown") };
        if (ballots.Count == 0) return formatted with { Problem = t.T("CodeNoOpenBallot") };
        var usable = ballots.Where(b => !(b.Voted && b.Ballot.Revote == BallotDefinition.FirstCounts)).ToList();
        if (usable.Count == 0) return formatted with { Problem = t.T("CodeAlreadyUsed") };
        var chosen = formatted with { Selection = [], Objection = "" };
        return ballots.Count == 1
            ? chosen with { Screen = KioskScreen.Vote, Ballot = usable[0].Ballot.Id }
            : chosen with { Screen = KioskScreen.Ballots, Ballot = null };
    }

    private static KioskVisit ToReview(PageText t, KioskVisit visit, BallotDefinition ballot) =>
        ChoiceRules.Check(ballot, visit.Selection, ObjectionOf(ballot, visit)) is null
            ? visit with { Screen = KioskScreen.Review }
            : visit with { Screen = KioskScreen.Vote, Problem = t.T(ballot.IsRanked ? "RankAtLeastOne" : "ChoiceNotValid") };

    private KioskVisit Refused(KioskVisit visit, string message) =>
        KioskVisit.Start(visit.Lang, visit.Size, catalog) with { Screen = KioskScreen.Refused, Problem = message };

    private static KioskVisit AtBallots(KioskVisit visit) =>
        visit with { Screen = KioskScreen.Ballots, Ballot = null, Selection = [], Objection = "" };

    private static KioskVisit AtCode(KioskVisit visit) =>
        visit with { Screen = KioskScreen.Code, Code = "", Ballot = null, Selection = [], Objection = "" };

    private static string? ObjectionOf(BallotDefinition ballot, KioskVisit visit) =>
        ballot.TallyMethod == TallyMethod.Consent && visit.Selection is ["object"] && visit.Objection.Length > 0 ? visit.Objection : null;

    private static string Cap(string text, int length) => text.Length > length ? text[..length] : text;
}
