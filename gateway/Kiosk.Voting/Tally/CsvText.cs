using System.Globalization;
using System.Text;

namespace Kiosk.Voting.Tally;

/// <summary>Line-by-line splitting for Pabulib files and list options (fields with their 1-based columns; quotes with doubled-quote escapes), and number cells.</summary>
internal static class CsvText
{
    /// <summary>One field of a line and the column it starts at.</summary>
    public readonly record struct Field(string Text, int Column);

    /// <summary>The lines of a text, without line breaks; line numbers are the index + 1.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    /// <summary>Splits one line; a quote left open is an error at its column.</summary>
    public static Outcome<List<Field>> Split(string line, char delimiter, int lineNumber)
    {
        var fields = new List<Field>();
        var i = 0;
        while (true)
        {
            var start = i;
            var sb = new StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) return Outcome<List<Field>>.Failure("a quoted field is not closed", lineNumber, start + 1);
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                while (i < line.Length && line[i] != delimiter) sb.Append(line[i++]);
            }
            else
            {
                while (i < line.Length && line[i] != delimiter) sb.Append(line[i++]);
            }
            fields.Add(new Field(sb.ToString().Trim(), start + 1));
            if (i >= line.Length) break;
            i++;
        }
        return fields;
    }

    /// <summary>
    /// Reads one comma-separated record of names, CSV quoting allowed (<c>"Carmona, Ralph C.",Vail</c>), as a list option's
    /// value; names are trimmed and empty ones dropped. A quote left open is an error at its column.
    /// </summary>
    public static Outcome<IReadOnlyList<string>> Record(string text)
    {
        var split = Split(text ?? "", ',', 1);
        if (!split.Ok) return Outcome<IReadOnlyList<string>>.Failure($"{split.Error!.Message} (at character {split.Error.Column})");
        return split.Value!.Select(f => f.Text).Where(t => t.Length > 0).ToArray();
    }

    /// <summary>Parses the weight cell of the sheet's current row (column -1: no weight column): empty is 1; otherwise a non-negative decimal number.</summary>
    public static Outcome<decimal> Weight(CsvSheet sheet, int col)
    {
        if (col < 0) return 1m;
        var text = sheet.Cell(col);
        if (text.Length == 0) return 1m;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w))
            return sheet.Error($"weight '{text}' is not a number", col);
        if (w < 0) return sheet.Error($"weight {text} is negative", col);
        return w;
    }

    /// <summary>Parses a non-negative decimal number, naming what it is in the error.</summary>
    public static Outcome<decimal> Number(string text, string what, int line, int column)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            return Outcome<decimal>.Failure($"{what} '{text}' is not a number", line, column);
        if (v < 0) return Outcome<decimal>.Failure($"{what} {text} is negative", line, column);
        return v;
    }
}
