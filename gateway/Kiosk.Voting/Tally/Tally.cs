namespace Kiosk.Voting.Tally;

/// <summary>The tally engine's front door: reads a ballot file for a method and counts it, or counts ballots already in memory.</summary>
public static class Tally
{
    /// <summary>Reads and counts the contents of a ballot file given as text (for tests and small inputs).</summary>
    public static Outcome<TallyResult> Run(TallyMethod method, string text, string fileName, TallyRules rules, int? seats = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Run(method, reader, fileName, rules, seats);
    }

    /// <summary>
    /// Reads a ballot file as it streams in, in the format the method and file extension call for (BLT for <c>.blt</c>, Pabulib
    /// for <c>.pb</c>, CSV otherwise), and counts it. Ranked files are never held whole: identical rankings are grouped as they
    /// are read. Every error names the file, and where known the line and column.
    /// </summary>
    /// <param name="method">The counting method.</param>
    /// <param name="text">The ballot file's contents.</param>
    /// <param name="fileName">The file's name, for the format and for error messages.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="seats">Seats given explicitly (overrides a BLT file's seat count), or null.</param>
    public static Outcome<TallyResult> Run(TallyMethod method, TextReader text, string fileName, TallyRules rules, int? seats = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(rules);
        if (seats is { } s) rules = rules with { Seats = s };
        if (rules.Validate() is { } bad) return bad;
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        Outcome<TallyResult> result;
        if (method.IsRanked())
        {
            var election = ext == ".blt"
                ? BltReader.Read(text, equalRanks: method == TallyMethod.Schulze)
                : RankedCsvReader.Read(text, DeclaredWithWriteIn(rules), rules.Separator);
            if (!election.Ok) return election.Error!.In(fileName);
            var e = election.Value!;
            if (seats is not null || e.Seats is null) e = e with { Seats = rules.Seats };
            result = Count(method, e, rules);
        }
        else if (method == TallyMethod.EqualShares)
        {
            if (ext != ".pb") return new TallyError("equal-shares reads Pabulib .pb files", fileName);
            var instance = PabulibReader.Read(text.ReadToEnd());
            if (!instance.Ok) return instance.Error!.In(fileName);
            result = EqualShares.Count(instance.Value!, rules);
        }
        else
        {
            var declared = rules.Candidates ?? method switch
            {
                TallyMethod.YesNo => YesNoVote.Options,
                TallyMethod.Consent => ConsentVote.Options,
                _ => null,
            };
            var election = ChoiceCsvReader.Read(text, declared, rules.Separator);
            if (!election.Ok) return election.Error!.In(fileName);
            result = Count(method, election.Value!, rules);
        }
        return result.Ok ? result : result.Error!.In(fileName);
    }

    /// <summary>
    /// The declared candidates of a ranked CSV, with the undeclared write-in's label added when the list lacks it: write-ins are
    /// by definition not declared, yet their label must be a name the file may use.
    /// </summary>
    private static IReadOnlyList<string>? DeclaredWithWriteIn(TallyRules rules) =>
        rules.Candidates is { } declared && rules.UndeclaredWriteIn is { } label && !declared.Any(d => d.Trim() == label.Trim())
            ? [.. declared, label.Trim()]
            : rules.Candidates;

    /// <summary>Counts ranked ballots by IRV, Scottish STV, Meek STV or Schulze.</summary>
    public static Outcome<TallyResult> Count(TallyMethod method, RankedElection election, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(rules);
        var seats = election.Seats ?? rules.Seats;
        if (method is TallyMethod.Irv or TallyMethod.Schulze && seats != 1)
            return new TallyError($"{method.Name()} fills one seat, not {seats}; use stv-scottish or stv-meek for several");
        return method switch
        {
            TallyMethod.Irv => InstantRunoff.Count(election, rules),
            TallyMethod.StvScottish => ScottishStv.Count(election, rules),
            TallyMethod.StvMeek => MeekStv.Count(election, rules),
            TallyMethod.Schulze => Schulze.Count(election, rules),
            _ => new TallyError($"{method.Name()} does not count ranked ballots"),
        };
    }

    /// <summary>Counts unranked ballots by approval, plurality, yes/no/abstain or consent.</summary>
    public static Outcome<TallyResult> Count(TallyMethod method, ChoiceElection election, TallyRules rules) => method switch
    {
        TallyMethod.Approval => TopChoices.Approval(election, rules),
        TallyMethod.Plurality => TopChoices.Plurality(election, rules),
        TallyMethod.YesNo => YesNoVote.Count(election, rules),
        TallyMethod.Consent => ConsentVote.Count(election, rules),
        _ => new TallyError($"{method.Name()} does not count unranked ballots"),
    };
}
