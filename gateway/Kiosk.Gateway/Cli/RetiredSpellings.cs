namespace Kiosk.Gateway.Cli;

/// <summary>
/// Spellings the command line had before it settled on one style, still accepted but shown nowhere: each is rewritten to
/// today's spelling before parsing, and a note on standard error names the new one (without the values given, which may
/// be voter codes). Today's style: the existing thing a command acts on (a ballot, a device, a facilitator) is its
/// first argument; the vote-button commands live under <c>device</c> ("mesh" is gateway-to-gateway replication).
/// </summary>
public static class RetiredSpellings
{
    /// <summary>Commands that moved: old words → new words.</summary>
    private static readonly (string[] Old, string[] New)[] Moved =
    [
        (["certify"], ["ballot", "certify"]),
        (["mesh", "serve"], ["device", "serve"]),
        (["mesh", "enrol"], ["device", "enrol"]),
        (["mesh", "enroll"], ["device", "enrol"]),
        (["mesh", "secret"], ["device", "secret"]),
    ];

    /// <summary>Options that became the command's first argument.</summary>
    private static readonly (string[] Command, string Option)[] NowArguments =
    [
        (["vote"], "--ballot"),
        (["results"], "--ballot"),
        (["codes", "issue"], "--ballot"),
        (["proxy", "record"], "--ballot"),
        (["ballot", "certify"], "--ballot"),
        (["device", "secret"], "--id"),
        (["facilitator", "remove"], "--key"),
    ];

    /// <summary>Options of the root command that may come before the command's words, and whether they take a value.</summary>
    private static readonly Dictionary<string, bool> RootOptions = new(StringComparer.Ordinal) { ["--data"] = true, ["--json"] = false };

    /// <summary>Today's spelling of <paramref name="args"/>, and notes for the retired spellings it used (empty when none).</summary>
    public static string[] Rewrite(string[] args, out IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(args);
        var list = new List<string>(args);
        var said = new List<string>();
        var start = FirstWord(list);
        foreach (var (old, moved) in Moved)
        {
            if (!WordsAt(list, start, old)) continue;
            list.RemoveRange(start, old.Length);
            list.InsertRange(start, moved);
            said.Add($"`kiosk {string.Join(' ', old)}` is now `kiosk {string.Join(' ', moved)}`");
            break;
        }
        foreach (var (command, option) in NowArguments)
        {
            if (!WordsAt(list, start, command)) continue;
            var end = list.IndexOf("--");
            for (var i = start + command.Length; i < (end < 0 ? list.Count : end); i++)
            {
                string value;
                if (list[i] == option && i + 1 < list.Count) { value = list[i + 1]; list.RemoveRange(i, 2); }
                else if (list[i].StartsWith(option + "=", StringComparison.Ordinal)) { value = list[i][(option.Length + 1)..]; list.RemoveAt(i); }
                else continue;
                list.Insert(start + command.Length, value);
                var placeholder = option.TrimStart('-').ToUpperInvariant();
                said.Add($"`kiosk {string.Join(' ', command)} {option} {placeholder}` is now `kiosk {string.Join(' ', command)} {placeholder}`");
                break;
            }
            break;
        }
        notes = said;
        return [.. list];
    }

    /// <summary>Where the command's words start: after any root options (<c>--data DIR</c>, <c>--json</c>) given first.</summary>
    private static int FirstWord(List<string> args)
    {
        var i = 0;
        while (i < args.Count)
        {
            var name = args[i].Split('=', 2)[0];
            if (!RootOptions.TryGetValue(name, out var takesValue)) break;
            i += takesValue && !args[i].Contains('=', StringComparison.Ordinal) ? 2 : 1;
        }
        return i;
    }

    private static bool WordsAt(List<string> args, int start, string[] words) =>
        start + words.Length <= args.Count && words.Select((w, k) => args[start + k] == w).All(same => same);
}
