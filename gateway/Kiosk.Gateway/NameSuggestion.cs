namespace Kiosk.Gateway;

/// <summary>
/// "Did you mean …?" for a mistyped name (a gateway, a ballot, a device, a command): the known names closest to what
/// was typed, by edit distance, so a user error can name the right one instead of only saying the name is wrong.
/// </summary>
public static class NameSuggestion
{
    /// <summary>The known names within a small edit distance of <paramref name="typed"/>, closest first (at most three).</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        // A third of the typed length, at least one and at most three edits: "libary-hall" finds "library-hall", "x" finds nothing far.
        var allowed = Math.Clamp(typed.Length / 3, 1, 3);
        return known.Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Distance: Distance(typed.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(c => c.Distance <= allowed || (typed.Length >= 3 && c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3).Select(c => c.Name).ToList();
    }

    /// <summary>
    /// The tail of an error message about <paramref name="typed"/>: "; did you mean X?" when a known name is close,
    /// else " (KIND: a, b, c)" listing them, else " (none yet; HOWTO)".
    /// </summary>
    public static string Hint(string typed, IReadOnlyCollection<string> known, string kind, string howToAdd)
    {
        ArgumentNullException.ThrowIfNull(known);
        var closest = Closest(typed, known);
        if (closest.Count > 0) return $"; did you mean {string.Join(" or ", closest)}?";
        return known.Count == 0 ? $" (no {kind} yet; {howToAdd})" : $" ({kind}: {string.Join(", ", known.Order(StringComparer.Ordinal))})";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost one.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
