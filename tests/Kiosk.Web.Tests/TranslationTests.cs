using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kiosk.Gateway.Web;

namespace Kiosk.Web.Tests;

/// <summary>
/// Every text the pages show exists in every configured language (Web/Text/Strings.LANG.resx), every console text in
/// each language the console is offered in (Web/Text/Console.LANG.resx), and the console's pages write no words of
/// their own: each comes from those texts, so a missing translation cannot hide in the markup.
/// </summary>
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
        english.UnionWith(Keys("en", "Console"));
        var web = Path.Combine(RepoRoot(), "gateway", "Kiosk.Gateway", "Web");
        var asked = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => TextCall().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Kind: m.Groups[1].Value, Key: m.Groups[2].Value)))
            .ToList();
        Assert.NotEmpty(asked);
        var missing = asked.Where(a => a.Kind == "Plural" ? !english.Contains(a.Key + "_other") : !english.Contains(a.Key)).ToList();
        Assert.True(missing.Count == 0, "no such text: " + string.Join(", ", missing.Select(m => $"{m.Key} ({m.File})")));
    }

    [Fact]
    public void The_console_has_every_text_in_each_of_its_languages()
    {
        var catalog = TextCatalog.Load();
        Assert.Equal(["en", "es"], catalog.ConsoleLanguages);
        var english = Keys("en", "Console");
        foreach (var language in catalog.ConsoleLanguages.Where(l => l != TextCatalog.DefaultLanguage))
        {
            var own = Keys(language, "Console");
            var missing = english.Where(k => !own.Contains(k) && !(k.EndsWith("_one", StringComparison.Ordinal) && own.Contains(k[..^4] + "_other"))).ToList();
            Assert.True(missing.Count == 0, $"the console in {language} lacks {string.Join(", ", missing)}");
            var empty = Values(language, "Console").Where(v => v.Value.Trim().Length == 0).Select(v => v.Key).ToList();
            Assert.True(empty.Count == 0, $"the console in {language} has empty texts: {string.Join(", ", empty)}");
            // The texts the console shares with the kiosk and board (statuses, result words, the mesh) exist there too.
            Assert.Empty(Keys("en").Except(Keys(language)));
        }
    }

    [Fact]
    public void Console_pages_write_no_words_of_their_own()
    {
        var console = Path.Combine(RepoRoot(), "gateway", "Kiosk.Gateway", "Web", "Console");
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(console, "*.razor"))
        {
            var markup = Comment().Replace(File.ReadAllText(file), "");
            var code = markup.IndexOf("@code {", StringComparison.Ordinal);
            if (code >= 0) markup = markup[..code];
            var lines = markup.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var words in LiteralWords(lines[i]))
                    found.Add($"{Path.GetFileName(file)} line {i + 1}: \"{words}\"");
            }
        }
        Assert.True(found.Count == 0, "console markup with words not taken from Console.LANG.resx:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("<p>No drafts.</p>", "No drafts.")]
    [InlineData("<th scope=\"col\">Ballot</th><th>@T(\"ColMethod\")</th>", "Ballot")]
    [InlineData("<p>@Report.Count votes counted@(x ? \" of many\" : \"\").</p>", "votes counted.")]
    [InlineData("<td>@member.Role.ToString().ToLowerInvariant()</td><td>@Report.StateHash?.ToHex()</td><td>@Gateway.Ledger.HeadOf(member.Key).Seq</td>", null)]
    [InlineData("<nav aria-label=\"Console\">", "Console")]
    [InlineData("<p>@T(\"NoDrafts\") <a href=\"/console/ballots/new\">@T(\"CreateFromTemplate\")</a></p>", null)]
    [InlineData("@foreach (var device in authority.Devices.Values)", null)]
    public void The_markup_check_finds_words_outside_texts(string line, string? words)
    {
        var found = LiteralWords(line).ToList();
        if (words is null) Assert.Empty(found);
        else Assert.Contains(words, found);
    }

    /// <summary>Words a line of console markup writes itself: in text between tags, or in a label attribute.</summary>
    private static IEnumerable<string> LiteralWords(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || CodeLine().IsMatch(trimmed)) yield break;
        foreach (Match label in LabelAttribute().Matches(line))
            if (!label.Groups[1].Value.StartsWith('@')) yield return label.Groups[1].Value;
        var text = Tag().Replace(line, "\u0000");
        // Razor expressions write values, not words: @(…), @name.member(…)[…], @name.
        text = RazorGroup().Replace(text, "");
        text = RazorExpression().Replace(text, "");
        foreach (var part in text.Split('\u0000'))
        {
            var words = part.Trim();
            if (Word().IsMatch(words) && !Allowed.Contains(words)) yield return words;
        }
    }

    // Names of formats and a command line, the same in every language.
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "CSV", "JSON", "kiosk passphrase --as KEYNAME" };

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(@?(if|else|foreach|for|using|inherits|inject|code|\{)|[{}]|var |else)")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\b(?:aria-label|title|placeholder|alt)=""([^""]*)""")]
    private static partial Regex LabelAttribute();

    // @(…), and @if (…) / @foreach (…) written inside a line: parentheses balanced to any depth.
    [GeneratedRegex(@"@(?:if|foreach|for|while|switch)?\s*\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)")]
    private static partial Regex RazorGroup();

    [GeneratedRegex(@"@[A-Za-z_]\w*(?:\??\.\w+|\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)|\[[^\]]*\])*")]
    private static partial Regex RazorExpression();

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex Word();

    private static HashSet<string> Keys(string language, string file = "Strings") => [.. Values(language, file).Select(v => v.Key)];

    private static IEnumerable<KeyValuePair<string, string>> Values(string language, string file = "Strings") =>
        XDocument.Load(Path.Combine(TextFolder, $"{file}.{language}.resx")).Root!.Elements("data")
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
