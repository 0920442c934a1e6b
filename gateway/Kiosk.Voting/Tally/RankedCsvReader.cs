using System.Globalization;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads ranked ballots from CSV: a header; columns <c>rank1</c>, <c>rank2</c>, … hold candidate names in rank order;
/// an optional <c>weight</c> (default 1) and <c>id</c>; other columns are ignored. An empty cell is a skipped rank,
/// <c>A|B</c> is an overvote, the same name at two ranks a duplicate ranking.
/// </summary>
public static class RankedCsvReader
{
    /// <summary>Parses the text of a ranked-ballot CSV file.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="declared">Declared candidates (complete list), or null to take names from the ballots.</param>
    public static Outcome<RankedElection> Read(string text, IReadOnlyList<string>? declared = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = CsvText.Lines(text);
        var headerAt = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerAt < 0) return Outcome<RankedElection>.Failure("the file is empty (a header with rank1, rank2, … is expected)", 1, 1);
        var header = CsvText.Split(lines[headerAt], ',', headerAt + 1);
        if (!header.Ok) return header.Error!;
        var ranks = new SortedDictionary<int, int>();
        int weightCol = -1, idCol = -1;
        for (var i = 0; i < header.Value!.Count; i++)
        {
            var h = header.Value[i].Text.ToLowerInvariant();
            if (h.StartsWith("rank", StringComparison.Ordinal) && int.TryParse(h.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r >= 1)
            {
                if (!ranks.TryAdd(r, i)) return Outcome<RankedElection>.Failure($"column rank{r} appears twice", headerAt + 1, header.Value[i].Column);
            }
            else if (h == "weight") weightCol = i;
            else if (h == "id") idCol = i;
        }
        if (ranks.Count == 0) return Outcome<RankedElection>.Failure("the header has no rank1, rank2, … columns", headerAt + 1, 1);
        if (ranks.Keys.Last() != ranks.Count) return Outcome<RankedElection>.Failure($"rank columns must be rank1 to rank{ranks.Count} without gaps", headerAt + 1, 1);

        var candidates = new CandidateIndex(declared);
        var ballots = new List<RankedBallot>();
        var marks = new List<int>();
        for (var li = headerAt + 1; li < lines.Length; li++)
        {
            if (lines[li].Trim().Length == 0) continue;
            var lineNo = li + 1;
            var split = CsvText.Split(lines[li], ',', lineNo);
            if (!split.Ok) return split.Error!;
            var fields = split.Value!;
            CsvText.Field Cell(int col) => col < fields.Count ? fields[col] : new CsvText.Field("", lines[li].Length + 1);
            marks.Clear();
            var first = true;
            foreach (var col in ranks.Values)
            {
                if (!first) marks.Add(RankedBallot.Separator);
                first = false;
                var cell = Cell(col);
                if (cell.Text.Length == 0) continue;
                var offset = 0;
                foreach (var part in cell.Text.Split('|'))
                {
                    var name = part.Trim();
                    if (name.Length == 0) return Outcome<RankedElection>.Failure($"empty candidate name in '{cell.Text}'", lineNo, cell.Column + offset);
                    var c = candidates.Find(name, lineNo, cell.Column + offset);
                    if (!c.Ok) return c.Error!;
                    marks.Add(c.Value);
                    offset += part.Length + 1;
                }
            }
            var weight = weightCol >= 0 ? CsvText.Weight(Cell(weightCol), lineNo) : 1m;
            if (!weight.Ok) return weight.Error!;
            var id = idCol >= 0 && Cell(idCol).Text.Length > 0 ? Cell(idCol).Text : null;
            // Trailing blank ranks carry no information; trimming them lets identical ballots group together.
            var end = marks.Count;
            while (end > 0 && marks[end - 1] == RankedBallot.Separator) end--;
            ballots.Add(new RankedBallot(marks.GetRange(0, end).ToArray(), weight.Value, id));
        }
        if (candidates.Names.Count == 0) return Outcome<RankedElection>.Failure("no candidates: the ballots name nobody and none were declared", headerAt + 1, 1);
        return new RankedElection(candidates.Names.ToArray(), ballots);
    }
}
