namespace Kiosk.Gateway.Web.Console;

/// <summary>A starting ballot file for each counting method: the examples in docs/examples, embedded in the program.</summary>
public static class BallotTemplates
{
    private const string Prefix = "Kiosk.Web.Templates.";

    /// <summary>Template text by method name (yes-no, consent, approval, …; roll-call too).</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = Load();

    private static SortedDictionary<string, string> Load()
    {
        var assembly = typeof(BallotTemplates).Assembly;
        var templates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            templates[name[Prefix.Length..^".yaml".Length]] = reader.ReadToEnd();
        }
        return templates;
    }
}
