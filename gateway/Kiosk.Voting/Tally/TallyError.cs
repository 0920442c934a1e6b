namespace Kiosk.Voting.Tally;

/// <summary>
/// A problem the user can cause (a malformed ballot file, an impossible seat count, an unknown candidate),
/// returned as a value so that a bad input never turns into a wrong result or a stack trace.
/// </summary>
/// <param name="Message">What was wrong, in a sentence.</param>
/// <param name="Source">The file (or other input) the problem is in, when there is one.</param>
/// <param name="Line">1-based line number in <paramref name="Source"/>, when known.</param>
/// <param name="Column">1-based column number in <paramref name="Source"/>, when known.</param>
public sealed record TallyError(string Message, string? Source = null, int? Line = null, int? Column = null)
{
    /// <summary>Formats as <c>file:line:column: message</c>, leaving out the parts that are unknown.</summary>
    public override string ToString()
    {
        var where = Source ?? "";
        if (Line is { } line)
        {
            where += (where.Length > 0 ? ":" : "line ") + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Column is { } column) where += ":" + column.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return where.Length > 0 ? $"{where}: {Message}" : Message;
    }

    /// <summary>The same error, attributed to a named source file.</summary>
    public TallyError In(string source) => this with { Source = source };
}
