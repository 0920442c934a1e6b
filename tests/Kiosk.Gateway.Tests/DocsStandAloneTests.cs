using System.Text;
using System.Text.RegularExpressions;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// The repository's docs stand alone: someone with only a clone can follow every link, find every file a doc or a
/// comment names, and is never sent to notes kept outside the repository.
/// </summary>
public sealed partial class DocsStandAloneTests
{
    /// <summary>Folders that hold build output, downloads or tool state, not the repository's own text.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        "bin", "obj", ".git", "node_modules", "TestResults", "packages",
    };

    /// <summary>Files where a comment or text may name another file.</summary>
    private static readonly string[] TextExtensions = [".md", ".cs", ".csproj", ".props", ".nfproj", ".sh", ".json", ".yaml", ".yml", ".resx", ".editorconfig"];

    /// <summary>Scripts without an extension at the root.</summary>
    private static readonly string[] RootScripts = ["kiosk", "test.sh", ".ci/run"];

    [Fact]
    public void Every_relative_link_in_the_docs_resolves()
    {
        var dead = new List<string>();
        var headings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var checkedLinks = 0;
        foreach (var doc in Files(".md"))
        {
            var text = WithoutCode(File.ReadAllText(doc));
            foreach (var target in LinkTargets(text))
            {
                if (IsExternal(target)) continue;
                checkedLinks++;
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var file = path.Length == 0 ? doc : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(doc)!, path));
                if (!File.Exists(file) && !Directory.Exists(file))
                {
                    dead.Add($"{Relative(doc)}: ({target}): there is no {Relative(file)}");
                    continue;
                }
                if (!string.IsNullOrEmpty(anchor) && file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                {
                    if (!headings.TryGetValue(file, out var anchors)) headings[file] = anchors = Anchors(File.ReadAllText(file));
                    if (!anchors.Contains(anchor)) dead.Add($"{Relative(doc)}: ({target}): {Relative(file)} has no heading '#{anchor}'");
                }
            }
        }

        // The scan itself must see the docs' links, or an empty result would prove nothing.
        Assert.True(checkedLinks > 50, $"only {checkedLinks} relative links found in the docs");
        Assert.True(dead.Count == 0, "dead links in the docs:\n" + string.Join('\n', dead));
    }

    [Fact]
    public void No_doc_or_comment_points_outside_the_repository()
    {
        var found = new List<string>();
        foreach (var file in TextFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in OutsideReference().Matches(lines[i]))
                    found.Add($"{Relative(file)}:{i + 1}: '{m.Value}' is not in the repository (say it in docs/, or link docs/architecture.md or docs/conventions.md)");
            }
        }

        Assert.True(found.Count == 0, "references to files outside the repository:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Every_repository_path_named_in_a_doc_or_comment_exists()
    {
        var missing = new List<string>();
        var named = 0;
        foreach (var file in TextFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in RepositoryPath().Matches(lines[i]))
                {
                    var path = m.Value.TrimEnd('.');
                    var next = m.Index + m.Length < lines[i].Length ? lines[i][m.Index + m.Length] : ' ';
                    // A pattern (hardware/boards/*.json, gateway/Kiosk.*/), a placeholder (keys/NAME.key) or build output
                    // names no one file.
                    if (next is '*' or '{' or '<' || IsPlaceholder(path) || path.Contains("/bin/", StringComparison.Ordinal) || path.Contains("/obj/", StringComparison.Ordinal))
                        continue;
                    named++;
                    var full = Path.Combine(Repo.Root, path);
                    if (!File.Exists(full) && !Directory.Exists(full)) missing.Add($"{Relative(file)}:{i + 1}: {path} does not exist");
                }
            }
        }

        Assert.True(named > 50, $"only {named} repository paths found in docs and comments");
        Assert.True(missing.Count == 0, "docs and comments name files that are not there:\n" + string.Join('\n', missing));
    }

    [Theory]
    [InlineData("How a vote travels", "how-a-vote-travels")]
    [InlineData("Closing without a shared clock, and the status", "closing-without-a-shared-clock-and-the-status")]
    [InlineData("Archive (`kiosk export` / `kiosk import`)", "archive-kiosk-export--kiosk-import")]
    [InlineData("Vector 1: genesis", "vector-1-genesis")]
    [InlineData("Ranked ballots, CSV (`irv`, `stv-scottish`)", "ranked-ballots-csv-irv-stv-scottish")]
    [InlineData("1. Found the assembly", "1-found-the-assembly")]
    public void Heading_anchors_follow_the_rule_of_the_code_host(string heading, string anchor) =>
        Assert.Equal(anchor, Slug(heading));

    [Fact]
    public void Repeated_headings_get_numbered_anchors_and_links_in_code_are_not_links()
    {
        var anchors = Anchors("# Notes\n## Notes\n```\n# not a heading\n```\n### Notes\n");
        Assert.Equal(["notes", "notes-1", "notes-2"], anchors.Order(StringComparer.Ordinal));
        Assert.Equal(["b.md", "c.png", "d.md#x"], LinkTargets(WithoutCode("[a](b.md) `[x](gone.md)` ![c](c.png)\n```\n[y](gone.md)\n```\n[d]: d.md#x\n")));
    }

    /// <summary>Every file of the repository with one of <paramref name="extensions"/>, outside build output.</summary>
    private static IEnumerable<string> Files(params string[] extensions)
    {
        var pending = new Stack<string>([Repo.Root]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(folder))
                if (!SkippedFolders.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(folder))
                if (extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase))) yield return file;
        }
    }

    private static IEnumerable<string> TextFiles() =>
        Files(TextExtensions).Concat(RootScripts.Select(Repo.Path).Where(File.Exists)).Distinct(StringComparer.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(Repo.Root, path).Replace('\\', '/');

    private static bool IsExternal(string target) => UriScheme().IsMatch(target);

    /// <summary>A segment written as a placeholder in capitals (NAME.json, ID.json), which README is not.</summary>
    private static bool IsPlaceholder(string path) =>
        path.Split('/').Any(segment => Path.GetFileNameWithoutExtension(segment) is var stem
            && stem.Length > 0 && stem != "README" && stem.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '-'));

    /// <summary>The text with fenced code blocks and inline code spans blanked out: a link written as code is not a link.</summary>
    internal static string WithoutCode(string markdown)
    {
        var text = new StringBuilder();
        string? fence = null;
        foreach (var line in markdown.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                text.Append('\n');
                continue;
            }
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal)) fence = null;
                text.Append('\n');
                continue;
            }
            text.Append(CodeSpan().Replace(line, "")).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The targets of inline links and images, reference definitions and HTML href/src attributes.</summary>
    internal static List<string> LinkTargets(string text) =>
    [
        .. InlineLink().Matches(text).Select(m => m.Groups["target"].Value),
        .. ReferenceDefinition().Matches(text).Select(m => m.Groups["target"].Value),
        .. HtmlLink().Matches(text).Select(m => m.Groups["target"].Value),
    ];

    /// <summary>The anchors of a Markdown file's headings, numbered as the code host numbers repeats.</summary>
    internal static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Heading().Matches(WithoutFences(markdown)))
        {
            var slug = Slug(m.Groups["text"].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        return anchors;
    }

    /// <summary>A heading's anchor: lower case, link text kept, punctuation dropped, spaces to hyphens.</summary>
    internal static string Slug(string heading)
    {
        var text = MarkdownLink().Replace(heading.Trim(), "${text}").ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
            else if (c == ' ') slug.Append('-');
        }
        return slug.ToString();
    }

    private static string WithoutFences(string markdown)
    {
        // Like WithoutCode, but inline code stays: a heading's code span is part of its anchor.
        var text = new StringBuilder();
        string? fence = null;
        foreach (var line in markdown.Split('\n'))
        {
            var trimmed = line.TrimStart();
            var isFence = trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal);
            if (fence is null && isFence) fence = trimmed[..3];
            else if (fence is not null && trimmed.StartsWith(fence, StringComparison.Ordinal)) fence = null;
            else if (fence is null) text.Append(line);
            text.Append('\n');
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)>?", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"\b(?:href|src)\s*=\s*""(?<target>[^""]+)""")]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<text>.*?)[ \t]*#*[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UriScheme();

    /// <summary>Notes that live beside a checkout, not in it: design, conventions and platform notes, or the shared folder next to it.</summary>
    [GeneratedRegex(@"\b(?:ARCHITECTURE|CONVENTIONS|PLATFORM)\.md\b|\.\./shared\b")]
    private static partial Regex OutsideReference();

    /// <summary>A path from the repository's root, such as docs/ballots.md or gateway/Kiosk.Voting/Ballots.</summary>
    [GeneratedRegex(@"(?<![\w./-])(?:docs|gateway|firmware|hardware|tests)/[\w.-]+(?:/[\w.-]+)*")]
    private static partial Regex RepositoryPath();
}
