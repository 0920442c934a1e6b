namespace Kiosk.Voting.Ballots;

/// <summary>Texts by language code ("en", "es", …); the first language of the assembly is the fallback.</summary>
public static class Translations
{
    /// <summary>The text in <paramref name="language"/>, else English, else any.</summary>
    public static string Pick(IReadOnlyDictionary<string, string>? texts, string language)
    {
        if (texts is null || texts.Count == 0) return "";
        if (texts.TryGetValue(language, out var text)) return text;
        if (texts.TryGetValue("en", out var english)) return english;
        return texts.OrderBy(t => t.Key, StringComparer.Ordinal).First().Value;
    }

    /// <summary>Null when at least one non-empty text is given and every key is a language code.</summary>
    public static string? Check(string field, IReadOnlyDictionary<string, string>? texts, bool required = true, int maxLength = 4000)
    {
        if (texts is null || texts.Count == 0) return required ? $"{field} needs a text in at least one language, e.g. {{\"en\": \"…\"}}" : null;
        foreach (var (language, text) in texts)
        {
            if (language.Length is < 2 or > 8 || !language.All(char.IsAsciiLetterLower)) return $"{field}: '{language}' is not a language code such as \"en\"";
            if (string.IsNullOrWhiteSpace(text)) return $"{field}.{language} is empty";
            if (text.Length > maxLength) return $"{field}.{language} is longer than {maxLength} characters";
        }
        return null;
    }
}
