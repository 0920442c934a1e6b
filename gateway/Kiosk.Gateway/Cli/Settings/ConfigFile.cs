using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Kiosk.Gateway.Cli.Settings;

/// <summary>
/// The gateway's configuration file (<c>/etc/kiosk/kiosk.conf</c>): TOML with one flat <c>key = value</c> per line, the
/// keys named after <c>kiosk run</c>'s options without their dashes (<c>kiosk-port = 8080</c>). Reading it either gives
/// every entry with its line, or a <see cref="UserErrorException"/> naming the file, the line and the fix.
/// </summary>
public sealed class ConfigFile
{
    /// <summary>Where a packaged gateway keeps its configuration.</summary>
    public const string DefaultPath = "/etc/kiosk/kiosk.conf";

    /// <summary>Environment variable naming another configuration file.</summary>
    public const string PathVariable = "KIOSK_CONFIG";

    private ConfigFile(string path, IReadOnlyDictionary<string, ConfigEntry> entries)
    {
        Path = path;
        Entries = entries;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The entries by key.</summary>
    public IReadOnlyDictionary<string, ConfigEntry> Entries { get; }

    /// <summary>A file with no entries (no configuration file on this machine).</summary>
    public static ConfigFile Empty(string path) => new(path, new Dictionary<string, ConfigEntry>(StringComparer.Ordinal));

    /// <summary>Reads and parses <paramref name="path"/>; keys outside <paramref name="known"/> are errors (a typo must not pass silently).</summary>
    public static ConfigFile Read(string path, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(known);
        return Parse(File.ReadAllText(path), System.IO.Path.GetFullPath(path), known);
    }

    /// <summary>Parses <paramref name="text"/> as the content of <paramref name="path"/>.</summary>
    public static ConfigFile Parse(string text, string path, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(known);
        var document = SyntaxParser.Parse(text, path, validate: true);
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw new UserErrorException($"{Where(path, first.Span.Start.Line)}: this is not valid TOML ({first.Message}); "
                + "fix: write one setting per line as key = value, with text in double quotes (kiosk-address = \"0.0.0.0\") and numbers bare (kiosk-port = 8080)");
        }
        if (document.Tables.ChildrenCount > 0)
        {
            var table = document.Tables.GetChild(0)!;
            throw new UserErrorException($"{Where(path, table.Span.Start.Line)}: kiosk.conf has no [sections]; fix: remove the section header and keep its settings as plain key = value lines");
        }
        var entries = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        foreach (var pair in document.KeyValues)
        {
            var line = pair.Span.Start.Line;
            var key = pair.Key?.ToString().Trim() ?? "";
            if (!known.Contains(key))
                throw new UserErrorException($"{Where(path, line)}: there is no setting '{key}'"
                    + NameSuggestion.Hint(key, known, "settings", "") + "; fix: correct the name or remove the line");
            object? value = pair.Value switch
            {
                StringValueSyntax s => s.Value,
                IntegerValueSyntax i => i.Value,
                BooleanValueSyntax b => b.Value,
                FloatValueSyntax f => f.Value,
                _ => null,
            };
            if (value is null)
                throw new UserErrorException($"{Where(path, line)}: {key} takes a single value (text in double quotes, a number or true/false), not {pair.Value?.ToString().Trim()}; fix: "
                    + $"write {key} = VALUE");
            entries[key] = new ConfigEntry(key, value, line + 1);
        }
        return new ConfigFile(path, entries);
    }

    /// <summary>"FILE line N" (<paramref name="zeroBasedLine"/> counted from 0, as the parser does).</summary>
    private static string Where(string path, int zeroBasedLine) => $"{path} line {zeroBasedLine + 1}";
}
