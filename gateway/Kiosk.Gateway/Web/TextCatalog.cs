using System.Xml.Linq;

namespace Kiosk.Gateway.Web;

/// <summary>
/// Every text the pages show, by language, read from the embedded resource files <c>Web/Text/Strings.LANG.resx</c>
/// (kiosk and board) and <c>Web/Text/Console.LANG.resx</c> (the facilitators' console, in fewer languages).
/// A language is chosen per visit (a form field or query parameter), never remembered in a cookie.
/// </summary>
public sealed class TextCatalog
{
    /// <summary>The language used when a visit names none (or one without texts).</summary>
    public const string DefaultLanguage = "en";

    private const string ResourcePrefix = "Kiosk.Web.Text.Strings.";

    // The console's own texts, in the languages the console offers (Web/Text/Console.LANG.resx).
    private const string ConsolePrefix = "Kiosk.Web.Text.Console.";
    private readonly Dictionary<string, PageText> _languages;

    private TextCatalog(Dictionary<string, PageText> languages, IReadOnlyList<string> consoleLanguages)
    {
        _languages = languages;
        ConsoleLanguages = consoleLanguages;
    }

    /// <summary>The languages the facilitators' console is offered in (those with console texts), default first.</summary>
    public IReadOnlyList<string> ConsoleLanguages { get; }

    /// <summary>The languages with texts, default first.</summary>
    public IReadOnlyList<string> Languages => [.. _languages.Keys.OrderBy(l => l == DefaultLanguage ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal)];

    /// <summary>Reads the embedded resource files.</summary>
    public static TextCatalog Load()
    {
        var assembly = typeof(TextCatalog).Assembly;
        var languages = new Dictionary<string, PageText>(StringComparer.Ordinal);
        var byLanguage = Read(assembly, ResourcePrefix);
        var console = Read(assembly, ConsolePrefix);
        // The console's texts join the pages' texts of the same language (a language without them falls back to English).
        foreach (var (language, texts) in console)
            if (byLanguage.TryGetValue(language, out var pages))
                foreach (var (key, value) in texts) pages.TryAdd(key, value);
        var fallback = byLanguage.GetValueOrDefault(DefaultLanguage) ?? [];
        foreach (var (language, texts) in byLanguage) languages[language] = new PageText(language, texts, fallback);
        var consoleLanguages = console.Keys.Where(languages.ContainsKey).OrderBy(l => l == DefaultLanguage ? 0 : 1).ThenBy(l => l, StringComparer.Ordinal).ToList();
        return new TextCatalog(languages, consoleLanguages);
    }

    private static Dictionary<string, Dictionary<string, string>> Read(System.Reflection.Assembly assembly, string prefix)
    {
        var byLanguage = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".resx", StringComparison.Ordinal)))
        {
            var language = name[prefix.Length..^".resx".Length];
            using var stream = assembly.GetManifestResourceStream(name)!;
            byLanguage[language] = XDocument.Load(stream).Root!.Elements("data")
                .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
        }
        return byLanguage;
    }

    /// <summary>The texts of <paramref name="language"/>, or of the default language when it has none.</summary>
    public PageText For(string? language) =>
        language is not null && _languages.TryGetValue(language, out var text) ? text : _languages[DefaultLanguage];
}
