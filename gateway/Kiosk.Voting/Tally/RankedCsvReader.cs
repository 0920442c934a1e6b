using System.Runtime.CompilerServices;
using System.Globalization;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads ranked ballots from CSV: a header; columns <c>rank1</c>, <c>rank2</c>, … hold candidate names in rank order;
/// an optional <c>weight</c> (default 1) and <c>id</c>; other columns are ignored. An empty cell is a skipped rank,
/// <c>A|B</c> is an overvote, the same name at two ranks a duplicate ranking. The file is streamed and identical rankings are
/// grouped as they are read, so memory grows with the distinct rankings, not with the ballots.
/// </summary>
public static class RankedCsvReader
{
    /// <summary>Most ranks a ballot may have: far more than any real ballot, and it keeps a bad header from asking for endless memory.</summary>
    public const int MaxRanks = 1000;

    /// <summary>Parses the text of a ranked-ballot CSV file (for tests and small inputs; files are read with the <see cref="TextReader"/> overload).</summary>
    public static Outcome<RankedElection> Read(string text, IReadOnlyList<string>? declared = null, char? separator = null, bool group = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, declared, separator, group);
    }

    /// <summary>Reads ranked ballots from CSV text as it streams in.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="declared">Declared candidates (complete list), or null to take names from the ballots.</param>
    /// <param name="separator">The field separator, or null to detect it from the header.</param>
    /// <param name="group">Merge identical rankings while reading (the default); false keeps every ballot and its id.</param>
    // Optimised from the first call, like the per-row helpers it calls: a count runs once over a million rows, and tiered
    // compilation would keep it in unoptimised code for its first few hundred milliseconds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Outcome<RankedElection> Read(TextReader text, IReadOnlyList<string>? declared = null, char? separator = null, bool group = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var sheet = CsvSheet.Open(text, separator);
        var next = sheet.MoveNext();
        if (!next.Ok) return next.Error!;
        if (!next.Value) return Outcome<RankedElection>.Failure("the file is empty (a header with rank1, rank2, … is expected)", 1, 1);

        var headerLine = sheet.Line;
        var ranks = new SortedDictionary<int, int>();
        int weightCol = -1, idCol = -1;
        for (var i = 0; i < sheet.Count; i++)
        {
            var h = sheet.Text(i).ToLowerInvariant();
            if (h.StartsWith("rank", StringComparison.Ordinal) && int.TryParse(h.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r >= 1)
            {
                if (r > MaxRanks) return sheet.Error($"column rank{r}: at most {MaxRanks} ranks are read", i);
                if (!ranks.TryAdd(r, i)) return sheet.Error($"column rank{r} appears twice", i);
            }
            else if (h == "weight") weightCol = i;
            else if (h == "id") idCol = i;
        }
        if (ranks.Count == 0) return Outcome<RankedElection>.Failure(NoRankColumns(sheet.Separator), headerLine, 1);
        if (ranks.Keys.Last() != ranks.Count) return Outcome<RankedElection>.Failure($"rank columns must be rank1 to rank{ranks.Count} without gaps", headerLine, 1);
        var rankCols = ranks.Values.ToArray();

        var candidates = new CandidateIndex(declared);
        var collector = new RankedBallotCollector(group);
        var marks = new List<int>();
        while (true)
        {
            next = sheet.MoveNext();
            if (!next.Ok) return next.Error!;
            if (!next.Value) break;
            marks.Clear();
            for (var r = 0; r < rankCols.Length; r++)
            {
                if (r > 0) marks.Add(RankedBallot.Separator);
                var col = rankCols[r];
                var cell = sheet.Cell(col);
                if (cell.Length == 0) continue;
                var offset = 0;
                while (true)
                {
                    var bar = cell[offset..].IndexOf('|');
                    var part = bar < 0 ? cell[offset..] : cell.Slice(offset, bar);
                    var name = part.Trim();
                    var at = offset + (part.Length - part.TrimStart().Length);
                    if (name.Length == 0) return sheet.Error($"empty candidate name in '{cell}'", col, at);
                    var c = candidates.IndexOf(name);
                    if (c < 0) return sheet.Error(candidates.Unknown(name), col, at);
                    marks.Add(c);
                    if (bar < 0) break;
                    offset += bar + 1;
                }
            }
            var weight = CsvText.Weight(sheet, weightCol);
            if (!weight.Ok) return weight.Error!;
            var id = !group && idCol >= 0 && sheet.Cell(idCol).Length > 0 ? sheet.Text(idCol) : null;
            collector.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(marks), weight.Value, id);
        }
        if (candidates.Names.Count == 0) return Outcome<RankedElection>.Failure("no candidates: the ballots name nobody and none were declared", headerLine, 1);
        return new RankedElection(candidates.Names.ToArray(), collector.Ballots());
    }

    private static string NoRankColumns(char separator) =>
        separator == ','
            ? "the header has no rank1, rank2, … columns"
            : $"the header has no rank1, rank2, … columns (read with '{(separator == '\t' ? "tab" : separator.ToString())}' as the separator)";
}
