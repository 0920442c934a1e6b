using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads the BLT format of STV counting programs (OpenSTV, Droop, OpaVote), streaming: a line "candidates seats"; before the
/// ballots, withdrawn candidates as negative numbers and droop's option lines <c>[nick …]</c>, <c>[withdrawn …]</c>,
/// <c>[tie …]</c> (and <c>[droop …]</c>, ignored); ballot lines "weight c1 c2 … 0" (an optional "(id)" first; <c>a=b</c> ranks a
/// and b equally; <c>-</c> is a skipped rank; candidates by number or nickname); a line "0"; one name per candidate (quoted,
/// doubled quotes escape a quote); the title; anything after the title (droop's source and comment lines) is ignored.
/// Identical rankings are grouped as they are read.
/// </summary>
public static class BltReader
{
    private readonly record struct Token(string Text, int Line, int Column);

    /// <summary>Parses the text of a BLT file (for tests and small inputs).</summary>
    public static Outcome<RankedElection> Read(string text, bool equalRanks = true, bool group = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, equalRanks, group);
    }

    /// <summary>Reads a BLT file as it streams in.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="equalRanks">Whether the counting method allows equal rankings (<c>2=3</c>); when not, one is an error at its position.</param>
    /// <param name="group">Merge identical rankings while reading (the default); false keeps every ballot and its id.</param>
    // Optimised from the first call, like the per-row helpers it calls: a count runs once over a million rows, and tiered
    // compilation would keep it in unoptimised code for its first few hundred milliseconds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Outcome<RankedElection> Read(TextReader text, bool equalRanks = true, bool group = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lineNo = 0;
        string? line;
        string? NextLine()
        {
            var l = text.ReadLine();
            if (l is not null) lineNo++;
            return l;
        }
        static bool Blank(string l) => l.Trim().Length == 0 || l.TrimStart().StartsWith('#');

        do line = NextLine(); while (line is not null && Blank(line));
        if (line is null) return Outcome<RankedElection>.Failure("the file is empty (expected 'candidates seats' on the first line)", 1, 1);
        var head = Tokenize(line, lineNo);
        if (head.Count != 2) return Outcome<RankedElection>.Failure("the first line must be two numbers: candidates and seats", lineNo, 1);
        var nc = Whole(head[0], "number of candidates");
        if (!nc.Ok) return nc.Error!;
        var seats = Whole(head[1], "number of seats");
        if (!seats.Ok) return seats.Error!;
        var n = nc.Value;
        if (n < 1) return Outcome<RankedElection>.Failure("there must be at least one candidate", head[0].Line, head[0].Column);
        if (seats.Value < 1 || seats.Value > n)
            return Outcome<RankedElection>.Failure($"impossible seat count {seats.Value} for {n} candidate(s)", head[1].Line, head[1].Column);

        var nicks = new Dictionary<string, int>(StringComparer.Ordinal);
        var nickLookup = nicks.GetAlternateLookup<ReadOnlySpan<char>>();
        var withdrawn = new List<int>();
        int[]? tieOrder = null;
        var collector = new RankedBallotCollector(group);
        var marks = new List<int>();
        var ended = false;
        var ballotsStarted = false;

        Outcome<int> Candidate(string token, int line, int column)
        {
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                return c >= 1 && c <= n ? c - 1 : Outcome<int>.Failure($"unknown candidate '{token}' (candidates are numbered 1 to {n})", line, column);
            }
            return nicks.TryGetValue(token, out var k)
                ? k
                : Outcome<int>.Failure(nicks.Count > 0
                    ? $"unknown candidate '{token}' (not a number from 1 to {n} nor a [nick] nickname)"
                    : $"unknown candidate '{token}' (candidates are numbered 1 to {n})", line, column);
        }

        while ((line = NextLine()) is not null)
        {
            if (Blank(line)) continue;
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('['))
            {
                if (ballotsStarted) return Outcome<RankedElection>.Failure("option lines such as [nick …] must come before the ballots", lineNo, line.Length - trimmed.Length + 1);
                var option = Option(line, lineNo, n, nicks, withdrawn, Candidate);
                if (!option.Ok) return option.Error!;
                if (option.Value is { } order) tieOrder = order;
                continue;
            }
            // Ballot lines are read as spans, without a string per token: a city's file has a million of them.
            var at = 0;
            NextToken(line, ref at, out var start, out var length);
            var first = line.AsSpan(start, length);
            if (first is "0" && !NextToken(line, ref at, out _, out _)) { ended = true; break; }
            if (!ballotsStarted && first.Length > 1 && first[0] == '-')
            {
                foreach (var t in Tokenize(line, lineNo))
                {
                    if (!int.TryParse(t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w) || w >= 0 || -w > n)
                        return Outcome<RankedElection>.Failure($"withdrawn candidate '{t.Text}' must be -1 to -{n}", t.Line, t.Column);
                    withdrawn.Add(-w - 1);
                }
                continue;
            }
            ballotsStarted = true;
            at = 0;
            NextToken(line, ref at, out start, out length);
            string? id = null;
            if (length >= 2 && line[start] == '(' && line[start + length - 1] == ')')
            {
                id = group ? null : line.Substring(start + 1, length - 2);
                if (!NextToken(line, ref at, out start, out length)) return Outcome<RankedElection>.Failure("a ballot line needs a weight", lineNo, start + 1);
            }
            if (!decimal.TryParse(line.AsSpan(start, length), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weight) || weight < 0)
                return CsvText.Number(line.Substring(start, length), "ballot weight", lineNo, start + 1).Error!;
            marks.Clear();
            var terminated = false;
            var firstRank = true;
            while (NextToken(line, ref at, out start, out length))
            {
                var token = line.AsSpan(start, length);
                if (token is "0")
                {
                    terminated = true;
                    if (NextToken(line, ref at, out var after, out _)) return Outcome<RankedElection>.Failure("text after the ballot's closing 0", lineNo, after + 1);
                    break;
                }
                if (!firstRank) marks.Add(RankedBallot.Separator);
                firstRank = false;
                if (token is "-") continue;
                if (!equalRanks && token.Contains('='))
                    return Outcome<RankedElection>.Failure($"'{token}' ranks candidates equally, which only schulze counts; irv and stv read one candidate per rank", lineNo, start + 1);
                var offset = 0;
                while (true)
                {
                    var equal = token[offset..].IndexOf('=');
                    var part = equal < 0 ? token[offset..] : token.Slice(offset, equal);
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1 || c > n)
                    {
                        c = nickLookup.TryGetValue(part, out var k) ? k + 1 : 0;
                        if (c == 0) return Candidate(part.ToString(), lineNo, start + 1 + offset).Error!;
                    }
                    marks.Add(c - 1);
                    if (equal < 0) break;
                    offset += equal + 1;
                }
            }
            if (!terminated) return Outcome<RankedElection>.Failure("a ballot line must end with 0", lineNo, line.Length + 1);
            collector.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(marks), weight, id);
        }
        if (!ended) return Outcome<RankedElection>.Failure("the ballots must end with a line holding 0", lineNo, 1);

        var names = new List<string>();
        string? title = null;
        while ((line = NextLine()) is not null && title is null)
        {
            if (line.Trim().Length == 0) continue;
            var name = Unquote(line, lineNo);
            if (!name.Ok) return name.Error!;
            if (names.Count < n) names.Add(name.Value!);
            else title = name.Value;
        }
        // Whatever follows the title (droop's source and comment strings, notes) is not part of the count.
        if (names.Count < n) return Outcome<RankedElection>.Failure($"{n} candidate names expected after the ballots, found {names.Count}", lineNo, 1);
        var duplicate = names.GroupBy(x => x, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return Outcome<RankedElection>.Failure($"candidate name '{duplicate.Key}' appears twice");
        return new RankedElection(names, collector.Ballots(), seats.Value, withdrawn.Distinct().ToArray(), title) { TieOrder = tieOrder };
    }

    /// <summary>Reads one option line; returns the tie-break order for <c>[tie …]</c>, null for the others.</summary>
    private static Outcome<int[]?> Option(string line, int lineNo, int n, Dictionary<string, int> nicks, List<int> withdrawn,
        Func<string, int, int, Outcome<int>> candidate)
    {
        var tokens = Tokenize(line, lineNo);
        var open = tokens[0];
        var last = tokens[^1];
        if (!last.Text.EndsWith(']')) return Outcome<int[]?>.Failure("an option line must close with ] on the same line", lineNo, last.Column + last.Text.Length);
        // "[nick a b]", "[nick a b ]" and "[ nick a b]" all read the same.
        var words = new List<Token>();
        foreach (var t in tokens)
        {
            var text = t.Text;
            var column = t.Column;
            if (text.StartsWith('[')) { text = text[1..]; column++; }
            if (text.EndsWith(']')) text = text[..^1];
            if (text.Length > 0) words.Add(new Token(text, t.Line, column));
        }
        if (words.Count == 0) return Outcome<int[]?>.Failure("an empty option line", lineNo, open.Column);
        var name = words[0];
        var args = words.Skip(1).ToList();
        switch (name.Text)
        {
            case "nick":
                if (args.Count != n) return Outcome<int[]?>.Failure($"[nick] must give exactly {n} nicknames, one per candidate, not {args.Count}", name.Line, name.Column);
                nicks.Clear();
                for (var i = 0; i < args.Count; i++)
                {
                    if (!nicks.TryAdd(args[i].Text, i)) return Outcome<int[]?>.Failure($"nickname '{args[i].Text}' appears twice", args[i].Line, args[i].Column);
                }
                return Outcome<int[]?>.Success(null);
            case "withdrawn":
                foreach (var a in args)
                {
                    var c = candidate(a.Text, a.Line, a.Column);
                    if (!c.Ok) return c.Error!;
                    withdrawn.Add(c.Value);
                }
                return Outcome<int[]?>.Success(null);
            case "tie":
                var order = new List<int>();
                foreach (var a in args)
                {
                    var c = candidate(a.Text, a.Line, a.Column);
                    if (!c.Ok) return c.Error!;
                    if (order.Contains(c.Value)) return Outcome<int[]?>.Failure($"[tie] names candidate '{a.Text}' twice", a.Line, a.Column);
                    order.Add(c.Value);
                }
                if (order.Count != n) return Outcome<int[]?>.Failure($"[tie] must list every candidate exactly once ({n}), not {order.Count}", name.Line, name.Column);
                return order.ToArray();
            case "droop":
                // droop's own counting options (rule, arithmetic): the method and rules come from the command line instead.
                return Outcome<int[]?>.Success(null);
            default:
                return Outcome<int[]?>.Failure($"unknown option [{name.Text}]; options read are [nick], [withdrawn], [tie] and [droop]", name.Line, name.Column);
        }
    }

    private static Outcome<int> Whole(Token t, string what) =>
        int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : Outcome<int>.Failure($"{what} '{t.Text}' is not a whole number", t.Line, t.Column);

    /// <summary>The next whitespace-separated token of a line from <paramref name="at"/> on, stopping at a <c>#</c> comment.</summary>
    private static bool NextToken(string line, ref int at, out int start, out int length)
    {
        while (at < line.Length && char.IsWhiteSpace(line[at])) at++;
        start = at;
        if (at >= line.Length || line[at] == '#')
        {
            length = 0;
            return false;
        }
        while (at < line.Length && !char.IsWhiteSpace(line[at])) at++;
        length = at - start;
        return true;
    }

    private static List<Token> Tokenize(string line, int lineNo)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            if (i >= line.Length || line[i] == '#') break;
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            tokens.Add(new Token(line[start..i], lineNo, start + 1));
        }
        return tokens;
    }

    /// <summary>A name or title line: the text between quotes (doubled quotes escape one; anything after the closing quote is ignored), or the bare line.</summary>
    private static Outcome<string> Unquote(string line, int lineNo)
    {
        var s = line.Trim();
        if (s.Length == 0 || s[0] != '"') return s;
        var sb = new StringBuilder();
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] != '"')
            {
                sb.Append(s[i]);
                continue;
            }
            if (i + 1 < s.Length && s[i + 1] == '"')
            {
                sb.Append('"');
                i++;
                continue;
            }
            return sb.ToString();
        }
        return Outcome<string>.Failure("a name's quote is opened here and never closed", lineNo, line.Length - line.TrimStart().Length + 1);
    }
}
