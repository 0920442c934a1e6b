using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kiosk.Gateway.Web;

namespace Kiosk.Web.Tests;

/// <summary>Every text the pages show exists in every configured language (Web/Text/Strings.LANG.resx).</summary>
public sealed partial class TranslationTests
{
    private static readonly string TextFolder = Path.Combine(RepoRoot(), "gateway", "Kiosk.Gateway", "Web", "Text");

    [Fact]
    public void Every_language_has_every_text_of_the_default_language()
    {
        var languages = TextCatalog.Load().Languages;
        Assert.Contains("es", languages);
        var english = Keys("en");
        foreach (var language in languages.Where(l => l != TextCatalog.DefaultLanguage))
        {
            var own = Keys(language);
            // A plural text may have other categories in another language (Arabic's two, few, many), never fewer texts.
            var missing = english.Where(k => !own.Contains(k) && !(k.EndsWith("_one", StringComparison.Ordinal) && own.Contains(k[..^4] + "_other"))).ToList();
            Assert.True(missing.Count == 0, $"{language} lacks {string.Join(", ", missing)}");
            var empty = Values(language).Where(v => v.Value.Trim().Length == 0).Select(v => v.Key).ToList();
            Assert.True(empty.Count == 0, $"{language} has empty texts: {string.Join(", ", empty)}");
        }
    }

    [Fact]
    public void Every_text_the_pages_ask_for_exists()
    {
        var english = Keys("en");
        var web = Path.Combine(RepoRoot(), "gateway", "Kiosk.Gateway", "Web");
        var asked = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => TextCall().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Kind: m.Groups[1].Value, Key: m.Groups[2].Value)))
            .ToList();
        Assert.NotEmpty(asked);
        var missing = asked.Where(a => a.Kind == "Plural" ? !english.Contains(a.Key + "_other") : !english.Contains(a.Key)).ToList();
        Assert.True(missing.Count == 0, "no such text: " + string.Join(", ", missing.Select(m => $"{m.Key} ({m.File})")));
    }

    private static HashSet<string> Keys(string language) => [.. Values(language).Select(v => v.Key)];

    private static IEnumerable<KeyValuePair<string, string>> Values(string language) =>
        XDocument.Load(Path.Combine(TextFolder, $"Strings.{language}.resx")).Root!.Elements("data")
            .Select(d => new KeyValuePair<string, string>((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiosk.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Kiosk.sln not found above the test folder");
    }

    // T("Name" …), Text.T("Name" …), t.T("Name" …), Plural("Name" …): the texts a page asks for by a literal name.
    [GeneratedRegex("""\b(T|Plural)\("([A-Za-z][A-Za-z0-9_-]*)"[,)]""")]
    private static partial Regex TextCall();
}
