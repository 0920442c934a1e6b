namespace Kiosk.Gateway.Tests;

/// <summary>Paths inside the source checkout (docs, examples), found from the test's own folder.</summary>
public static class Repo
{
    /// <summary>The checkout's root: the folder holding Kiosk.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path relative to the root.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Kiosk.sln"))) return dir.FullName;
        throw new InvalidOperationException("Kiosk.sln not found above " + AppContext.BaseDirectory);
    }
}
