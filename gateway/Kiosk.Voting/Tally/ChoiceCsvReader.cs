namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads unranked ballots (approval, plurality, yes/no/abstain, consent) from CSV: a header with a <c>choice</c> (or <c>choices</c>)
/// column holding the chosen option(s), several separated by <c>|</c>; optional <c>weight</c> (default 1), <c>id</c>, and
/// <c>reason</c> (for consent objections). Other columns are ignored.
/// </summary>
public static class ChoiceCsvReader
{
    /// <summary>Parses the text of a choice CSV file.</summary>
    public static Outcome<ChoiceElection> Read(string text, IReadOnlyList<string>? declared = null, char? separator = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, declared, separator);
    }

    /// <summary>Reads a choice CSV file as it streams in.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="declared">Declared options (complete list), or null to take them from the ballots.</param>
    /// <param name="separator">The field separator, or null to detect it from the header.</param>
    public static Outcome<ChoiceElection> Read(TextReader text, IReadOnlyList<string>? declared = null, char? separator = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var sheet = CsvSheet.Open(text, separator);
        var next = sheet.MoveNext();
        if (!next.Ok) return next.Error!;
        if (!next.Value) return Outcome<ChoiceElection>.Failure("the file is empty (a header with a choice column is expected)", 1, 1);
        var header = Enumerable.Range(0, sheet.Count).Select(i => sheet.Text(i).ToLowerInvariant()).ToList();
        int Col(params string[] names) => header.FindIndex(names.Contains);
        var choiceCol = Col("choice", "choices");
        var weightCol = Col("weight");
        var idCol = Col("id");
        var reasonCol = Col("reason");
        if (choiceCol < 0) return Outcome<ChoiceElection>.Failure("the header has no choice column", sheet.Line, 1);
        var options = new CandidateIndex(declared, "option");
        var ballots = new List<ChoiceBallot>();
        var chosen = new List<int>();
        while (true)
        {
            next = sheet.MoveNext();
            if (!next.Ok) return next.Error!;
            if (!next.Value) break;
            chosen.Clear();
            var cell = sheet.Text(choiceCol);
            if (cell.Length > 0)
            {
                var offset = 0;
                foreach (var part in cell.Split('|'))
                {
                    var name = part.Trim();
                    var at = offset + (part.Length - part.TrimStart().Length);
                    if (name.Length == 0) return sheet.Error($"empty option name in '{cell}'", choiceCol, at);
                    var found = options.IndexOf(declared is null ? name : Canonical(declared, name));
                    if (found < 0) return sheet.Error(options.Unknown(name), choiceCol, at);
                    chosen.Add(found);
                    offset += part.Length + 1;
                }
            }
            var weight = CsvText.Weight(sheet, weightCol);
            if (!weight.Ok) return weight.Error!;
            var id = idCol >= 0 && sheet.Cell(idCol).Length > 0 ? sheet.Text(idCol) : null;
            var reason = reasonCol >= 0 && sheet.Cell(reasonCol).Length > 0 ? sheet.Text(reasonCol) : null;
            ballots.Add(new ChoiceBallot(chosen.ToArray(), weight.Value, id, reason));
        }
        return new ChoiceElection(options.Names.ToArray(), ballots);
    }

    // Declared option names match case-insensitively ("Yes" is the option "yes").
    private static string Canonical(IReadOnlyList<string> declared, string name) =>
        declared.FirstOrDefault(d => string.Equals(d.Trim(), name, StringComparison.OrdinalIgnoreCase))?.Trim() ?? name;
}
