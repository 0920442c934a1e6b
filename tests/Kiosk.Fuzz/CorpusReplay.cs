namespace Kiosk.Fuzz;

/// <summary>
/// Runs kept inputs through a target in process, as the regression check of the corpora: each input that makes the
/// target throw is reported with the exception, so one bad input does not hide the others.
/// </summary>
public static class CorpusReplay
{
    /// <summary>The inputs of <paramref name="files"/> that made <paramref name="target"/> throw, each with what it threw.</summary>
    public static IReadOnlyList<string> Run(IFuzzTarget target, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e) // every exception is the finding here: it is reported, not handled
            {
                failures.Add($"{target.Name}/{Path.GetFileName(file)}: {e.GetType().FullName}: {e.Message}");
            }
        }
        return failures;
    }
}
