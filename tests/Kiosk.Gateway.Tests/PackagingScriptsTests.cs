namespace Kiosk.Gateway.Tests;

/// <summary>Every shell script under packaging/ (build, maintainer scripts, Pi set-up, install check) passes shellcheck.</summary>
public sealed class PackagingScriptsTests
{
    [Fact]
    public async Task Shellcheck_finds_nothing_in_any_packaging_script()
    {
        var scripts = Directory.EnumerateFiles(Repo.Path("packaging"), "*", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).FirstOrDefault() is { } first && first.StartsWith("#!/", StringComparison.Ordinal) && first.Contains("sh", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        // The list is found, not written out; these must be on it, so a moved script cannot slip out of the check.
        foreach (var name in (string[])["build-deb.sh", "setup.sh", "postinst", "prerm", "postrm", "kiosk-screen", "install-check.sh", "debian-root.sh"])
            Assert.Contains(scripts, s => Path.GetFileName(s) == name);

        var run = await ShellRun.RunAsync(TimeSpan.FromMinutes(2), "shellcheck", ["--external-sources", .. scripts]);

        Assert.True(run.ExitCode == 0, $"shellcheck {string.Join(' ', scripts.Select(s => Path.GetRelativePath(Repo.Root, s)))}:\n{run}");
    }
}
