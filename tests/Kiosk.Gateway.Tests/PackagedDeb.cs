namespace Kiosk.Gateway.Tests;

/// <summary>
/// The amd64 package under test: the one ./test.sh built (its path in <c>KIOSK_TEST_DEB</c>), else one built here once
/// per test run with packaging/build-deb.sh (a self-contained publish: minutes, not seconds).
/// </summary>
public static class PackagedDeb
{
    /// <summary>Longest a publish and pack may take on a busy 2-core machine.</summary>
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(20);

    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    /// <summary>The path of kiosk_VERSION_amd64.deb.</summary>
    public static Task<string> PathAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        var given = Environment.GetEnvironmentVariable("KIOSK_TEST_DEB");
        if (!string.IsNullOrEmpty(given))
        {
            Assert.True(File.Exists(given), $"KIOSK_TEST_DEB names {given}, which does not exist");
            return given;
        }
        var output = Directory.CreateTempSubdirectory("kiosk-deb").FullName;
        var run = await ShellRun.RunAsync(BuildDeadline, Repo.Path("packaging/build-deb.sh"), "--arch", "amd64", "--out", output);
        Assert.True(run.ExitCode == 0, $"packaging/build-deb.sh failed: {run}");
        return run.Output.Trim().Split('\n')[^1];
    }
}
