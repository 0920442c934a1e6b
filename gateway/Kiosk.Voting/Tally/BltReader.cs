using System.Globalization;
using System.Text;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads the BLT format of STV counting programs (OpenSTV, Droop, OpaVote): a line "candidates seats"; optionally withdrawn
/// candidates as negative numbers; ballot lines "weight c1 c2 … 0" (an optional "(id)" first; <c>a=b</c> ranks a and b equally;
/// <c>-</c> is a skipped rank); a line "0"; one name per candidate (quoted, doubled quotes escape a quote); the title.
/// </summary>
public static class BltReader
{
    private readonly record struct Token(string Text, int Line, int Column);

    /// <summary>Parses the text of a BLT file.</summary>
    public static Outcome<RankedElection> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = CsvText.Lines(text);
        var li = 0;
        List<Token> Tokens(int i) => Tokenize(lines[i], i + 1);
        bool Blank(int i) => lines[i].Trim().Length == 0 || lines[i].TrimStart().StartsWith('#');
        while (li < lines.Length && Blank(li)) li++;
        if (li >= lines.Length) return Outcome<RankedElection>.Failure("the file is empty (expected 'candidates seats' on the first line)", 1, 1);

        var head = Tokens(li);
        if (head.Count != 2) return Outcome<RankedElection>.Failure("the first line must be two numbers: candidates and seats", li + 1, 1);
        var nc = Whole(head[0], "number of candidates");
        if (!nc.Ok) return nc.Error!;
        var seats = Whole(head[1], "number of seats");
        if (!seats.Ok) return seats.Error!;
        var n = nc.Value;
        if (n < 1) return Outcome<RankedElection>.Failure("there must be at least one candidate", head[0].Line, head[0].Column);
        if (seats.Value < 1 || seats.Value > n)
            return Outcome<RankedElection>.Failure($"impossible seat count {seats.Value} for {n} candidate(s)", head[1].Line, head[1].Column);
        li++;

        var withdrawn = new List<int>();
        var ballots = new List<RankedBallot>();
        var marks = new List<int>();
        var ended = false;
        for (; li < lines.Length; li++)
        {
            if (Blank(li)) continue;
            var tokens = Tokens(li);
            if (tokens.Count == 1 && tokens[0].Text == "0") { ended = true; li++; break; }
            if (tokens[0].Text.StartsWith('-') && tokens[0].Text.Length > 1 && ballots.Count == 0)
            {
                foreach (var t in tokens)
                {
                    if (!int.TryParse(t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w) || w >= 0 || -w > n)
                        return Outcome<RankedElection>.Failure($"withdrawn candidate '{t.Text}' must be -1 to -{n}", t.Line, t.Column);
                    withdrawn.Add(-w - 1);
                }
                continue;
            }
            var k = 0;
            string? id = null;
            if (tokens[0].Text.StartsWith('(') && tokens[0].Text.EndsWith(')'))
            {
                id = tokens[0].Text[1..^1];
                k = 1;
            }
            if (k >= tokens.Count) return Outcome<RankedElection>.Failure("a ballot line needs a weight", li + 1, tokens[0].Column);
            var weight = CsvText.Number(tokens[k].Text, "ballot weight", tokens[k].Line, tokens[k].Column);
            if (!weight.Ok) return weight.Error!;
            k++;
            marks.Clear();
            var terminated = false;
            for (; k < tokens.Count; k++)
            {
                var t = tokens[k];
                if (t.Text == "0")
                {
                    terminated = true;
                    if (k != tokens.Count - 1) return Outcome<RankedElection>.Failure("text after the ballot's closing 0", li + 1, tokens[k + 1].Column);
                    break;
                }
                if (marks.Count > 0 || k > (id is null ? 1 : 2)) marks.Add(RankedBallot.Separator);
                if (t.Text == "-") continue;
                var offset = 0;
                foreach (var part in t.Text.Split('='))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1 || c > n)
                        return Outcome<RankedElection>.Failure($"unknown candidate '{part}' (candidates are numbered 1 to {n})", t.Line, t.Column + offset);
                    marks.Add(c - 1);
                    offset += part.Length + 1;
                }
            }
            if (!terminated) return Outcome<RankedElection>.Failure("a ballot line must end with 0", li + 1, lines[li].Length + 1);
            ballots.Add(new RankedBallot(marks.ToArray(), weight.Value, id));
        }
        if (!ended) return Outcome<RankedElection>.Failure("the ballots must end with a line holding 0", lines.Length, 1);

        var names = new List<string>();
        string? title = null;
        for (; li < lines.Length; li++)
        {
            if (lines[li].Trim().Length == 0) continue;
            var name = Unquote(lines[li].Trim());
            if (names.Count < n) names.Add(name);
            else if (title is null) title = name;
            else return Outcome<RankedElection>.Failure("unexpected text after the title", li + 1, 1);
        }
        if (names.Count < n) return Outcome<RankedElection>.Failure($"{n} candidate names expected after the ballots, found {names.Count}", lines.Length, 1);
        var duplicate = names.GroupBy(x => x, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return Outcome<RankedElection>.Failure($"candidate name '{duplicate.Key}' appears twice");
        return new RankedElection(names, ballots, seats.Value, withdrawn.Distinct().ToArray(), title);
    }

    private static Outcome<int> Whole(Token t, string what) =>
        int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : Outcome<int>.Failure($"{what} '{t.Text}' is not a whole number", t.Line, t.Column);

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

    private static string Unquote(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return s;
        var sb = new StringBuilder();
        for (var i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '"' && i + 1 < s.Length - 1 && s[i + 1] == '"') i++;
            sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
