using System.Globalization;
using System.Text;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Labels that look the same but are written in different letters (Latin "Oak" and "Оak" with a Cyrillic О): the
/// skeleton of Unicode Technical Standard #39 (section 4), over a part of its confusables table. Two labels with the
/// same skeleton look alike on a kiosk screen even though their text differs.
/// </summary>
/// <remarks>
/// The part of the table held here: the letters of Cyrillic, Greek and Armenian that Unicode's confusables.txt maps to
/// a single Latin letter, and the fullwidth forms U+FF01–U+FF5E (mapped to ASCII). It was written from the Unicode
/// code charts, not generated from confusables.txt (not at hand when this was written), so it is a subset: digits
/// against letters (0/O, 1/l), symbols, and other scripts are not covered. See docs/quality.md.
/// </remarks>
public static class Confusables
{
    // Each pair: a letter of another script, then the Latin letter it is drawn like.
    private const string Pairs =
        // Cyrillic capitals
        "АAВBЕEЅSІlЈJКKМMНHОOРPСCТTХXҮYӀlԚQԜW" +
        // Cyrillic small letters
        "аaеeоoрpсcуyхxѕsіiјjԁdԛqԝwһhӏl" +
        // Greek capitals and small letters
        "ΑAΒBΕEΖZΗHΙlΚKΜMΝNΟOΡPΤTΥYΧXαaιiοoνvρp" +
        // Armenian
        "ՕOՍUԼLօoսuցgհhոn";

    private static readonly Dictionary<char, char> Map = BuildMap();

    private static Dictionary<char, char> BuildMap()
    {
        var map = new Dictionary<char, char>();
        for (var i = 0; i < Pairs.Length; i += 2) map[Pairs[i]] = Pairs[i + 1];
        return map;
    }

    /// <summary>The skeleton: decomposed (NFD), each letter replaced by its prototype, decomposed again.</summary>
    public static string Skeleton(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (Map.TryGetValue(c, out var latin)) builder.Append(latin);
            // Fullwidth ASCII (U+FF01–U+FF5E) sits at a fixed distance from ASCII (U+0021–U+007E).
            else if (c is >= '\uFF01' and <= '\uFF5E') builder.Append((char)(c - 0xFEE0));
            else builder.Append(c);
        }
        return builder.ToString().Normalize(NormalizationForm.FormD);
    }

    /// <summary>
    /// The first two options whose labels in one language differ but have the same skeleton, as a sentence naming both
    /// labels, or null when every label can be told apart.
    /// </summary>
    public static string? FindLookAlikes(IReadOnlyList<BallotOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seen = new Dictionary<(string Language, string Skeleton), (string Id, string Label)>();
        foreach (var option in options)
        {
            foreach (var (language, label) in option.Label)
            {
                var key = (language, Skeleton(label));
                if (seen.TryGetValue(key, out var other) && !string.Equals(other.Label, label, StringComparison.Ordinal))
                    return string.Create(CultureInfo.InvariantCulture, $"options '{other.Id}' and '{option.Id}' have labels that look the same but are written in different letters: \"{other.Label}\" and \"{label}\" ({language}); write both in one script, or tell them apart");
                seen.TryAdd(key, (option.Id, label));
            }
        }
        return null;
    }
}
