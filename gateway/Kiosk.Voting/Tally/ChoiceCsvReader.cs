namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads unranked ballots (approval, plurality, yes/no/abstain, consent) from CSV: a header with a <c>choice</c> (or <c>choices</c>)
/// column holding the chosen option(s), several separated by <c>|</c>; optional <c>weight</c> (default 1), <c>id</c>, and
/// <c>reason</c> (for consent objections). Other columns are ignored.
/// </summary>
public static class ChoiceCsvReader
{
    /// <summary>Parses the text of a choice CSV file.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="declared">Declared options (complete list), or null to take them from the ballots.</param>
    public static Outcome<ChoiceElection> Read(string text, IReadOnlyList<string>? declared = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = CsvText.Lines(text);
        var headerAt = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerAt < 0) return Outcome<ChoiceElection>.Failure("the file is empty (a header with a choice column is expected)", 1, 1);
        var header = CsvText.Split(lines[headerAt], ',', headerAt + 1);
        if (!header.Ok) return header.Error!;
        int Col(params string[] names) => header.Value!.FindIndex(h => names.Contains(h.Text.ToLowerInvariant()));
        var choiceCol = Col("choice", "choices");
        var weightCol = Col("weight");
        var idCol = Col("id");
        var reasonCol = Col("reason");
        if (choiceCol < 0) return Outcome<ChoiceElection>.Failure("the header has no choice column", headerAt + 1, 1);
        var options = new CandidateIndex(declared, "option");
        var ballots = new List<ChoiceBallot>();
        for (var li = headerAt + 1; li < lines.Length; li++)
        {
            if (lines[li].Trim().Length == 0) continue;
            var lineNo = li + 1;
            var split = CsvText.Split(lines[li], ',', lineNo);
            if (!split.Ok) return split.Error!;
            var fields = split.Value!;
            CsvText.Field Cell(int col) => col >= 0 && col < fields.Count ? fields[col] : new CsvText.Field("", lines[li].Length + 1);
            var cell = Cell(choiceCol);
            var chosen = new List<int>();
            var offset = 0;
            if (cell.Text.Length > 0)
            {
                foreach (var part in cell.Text.Split('|'))
                {
                    var name = part.Trim();
                    if (name.Length == 0) return Outcome<ChoiceElection>.Failure($"empty option name in '{cell.Text}'", lineNo, cell.Column + offset);
                    var found = options.Find(declared is null ? name : Canonical(declared, name), lineNo, cell.Column + offset);
                    if (!found.Ok) return found.Error!;
                    chosen.Add(found.Value);
                    offset += part.Length + 1;
                }
            }
            var weight = weightCol >= 0 ? CsvText.Weight(Cell(weightCol), lineNo) : 1m;
            if (!weight.Ok) return weight.Error!;
            var id = Cell(idCol).Text is { Length: > 0 } i ? i : null;
            var reason = Cell(reasonCol).Text is { Length: > 0 } r ? r : null;
            ballots.Add(new ChoiceBallot(chosen.ToArray(), weight.Value, id, reason));
        }
        return new ChoiceElection(options.Names.ToArray(), ballots);
    }

    // Declared option names match case-insensitively ("Yes" is the option "yes").
    private static string Canonical(IReadOnlyList<string> declared, string name) =>
        declared.FirstOrDefault(d => string.Equals(d.Trim(), name, StringComparison.OrdinalIgnoreCase))?.Trim() ?? name;
}
