using System.Xml.Linq;

namespace Kiosk.Gateway.Web;

/// <summary>
/// Every text the pages show, by language, read from the embedded resource files <c>Web/Text/Strings.LANG.resx</c>.
/// A language is chosen per visit (a form field or query parameter), never remembered in a cookie.
/// </summary>
public sealed class TextCatalog
{
    /// <summary>The language used when a visit names none (or one without texts).</summary>
    public const string DefaultLanguage = "en";

    private const string ResourcePrefix = "Kiosk.Web.Text.Strings.";
    private readonly Dictionary<string, PageText> _languages;

    private TextCatalog(Dictionary<string, PageText> languages) => _languages = languages;

    /// <summary>The languages with texts, default first.</summary>
    public IReadOnlyList<string> Languages => [.. _languages.Keys.OrderBy(l => l == DefaultLanguage ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal)];

    /// <summary>Reads the embedded resource files.</summary>
    public static TextCatalog Load()
    {
        var assembly = typeof(TextCatalog).Assembly;
        var languages = new Dictionary<string, PageText>(StringComparer.Ordinal);
        var byLanguage = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".resx", StringComparison.Ordinal)))
        {
            var language = name[ResourcePrefix.Length..^".resx".Length];
            using var stream = assembly.GetManifestResourceStream(name)!;
            var texts = XDocument.Load(stream).Root!.Elements("data")
                .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
            byLanguage[language] = texts;
        }
        var fallback = byLanguage.GetValueOrDefault(DefaultLanguage) ?? [];
        foreach (var (language, texts) in byLanguage) languages[language] = new PageText(language, texts, fallback);
        return new TextCatalog(languages);
    }

    /// <summary>The texts of <paramref name="language"/>, or of the default language when it has none.</summary>
    public PageText For(string? language) =>
        language is not null && _languages.TryGetValue(language, out var text) ? text : _languages[DefaultLanguage];
}
