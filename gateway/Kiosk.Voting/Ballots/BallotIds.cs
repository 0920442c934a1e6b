using System.Text.RegularExpressions;

namespace Kiosk.Voting.Ballots;

/// <summary>Rules for the short identifiers facilitators give ballots, options and notices.</summary>
public static partial class BallotIds
{
    /// <summary>1–48 of a–z, 0–9 and '-', starting with a letter or digit: safe in URLs, topics and file names.</summary>
    public static string? Check(string field, string? value) =>
        value is not null && Pattern().IsMatch(value) ? null : $"{field} must be 1–48 characters of a-z, 0-9 and '-' (got '{value}')";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,47}$")]
    private static partial Regex Pattern();
}
