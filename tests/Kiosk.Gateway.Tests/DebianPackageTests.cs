namespace Kiosk.Gateway.Tests;

/// <summary>
/// What packaging/build-deb.sh puts in kiosk_VERSION_amd64.deb: the layout, the conffile and maintainer scripts,
/// and lintian finds nothing but the tags the package's overrides explain, each with its reason.
/// </summary>
public sealed class DebianPackageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_package_holds_the_program_the_settings_the_unit_and_the_maintainer_scripts()
    {
        var deb = await PackagedDeb.PathAsync();

        var contents = await ShellRun.RunAsync(Deadline, "dpkg-deb", "--contents", deb);
        Assert.True(contents.ExitCode == 0, contents.ToString());
        // The program is one native file (Native AOT) with the native libraries it loads beside it: SQLite, libsodium (NSec).
        foreach (var entry in (string[])["./usr/lib/kiosk/kiosk", "./usr/lib/kiosk/libe_sqlite3.so", "./usr/lib/kiosk/libsodium.so", "./usr/lib/kiosk/kiosk-screen",
                     "./usr/bin/kiosk -> ../lib/kiosk/kiosk", "./etc/kiosk/kiosk.conf", "./lib/systemd/system/kiosk.service", "./usr/share/doc/kiosk/copyright", "./usr/share/kiosk/boards/raspberry-pi-5-station.json"])
            Assert.Contains(entry, contents.Output, StringComparison.Ordinal);
        // No managed assembly or .NET runtime rides along (the publish was Native AOT), no .pdb, XML docs or Blazor
        // script, and no data folder (postinst makes it).
        foreach (var absent in (string[])[".dll", "libcoreclr", ".pdb", ".xml", "wwwroot"])
            Assert.DoesNotContain(absent, contents.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("./var/lib/kiosk", contents.Output, StringComparison.Ordinal);

        var control = Directory.CreateTempSubdirectory("kiosk-control").FullName;
        try
        {
            var extract = await ShellRun.RunAsync(Deadline, "dpkg-deb", "--control", deb, control);
            Assert.True(extract.ExitCode == 0, extract.ToString());
            Assert.Equal("/etc/kiosk/kiosk.conf", File.ReadAllText(Path.Combine(control, "conffiles")).Trim());
            foreach (var script in (string[])["postinst", "prerm", "postrm"])
                Assert.True(File.Exists(Path.Combine(control, script)), $"no {script} in the package");
            var fields = File.ReadAllText(Path.Combine(control, "control"));
            Assert.Contains("Package: kiosk\n", fields, StringComparison.Ordinal);
            Assert.Contains("Architecture: amd64\n", fields, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(control, recursive: true);
        }
    }

    [Fact]
    public async Task Lintian_finds_no_error_or_warning_and_every_override_says_why()
    {
        var deb = await PackagedDeb.PathAsync();

        var lintian = await ShellRun.RunAsync(Deadline, "lintian", "--fail-on", "error,warning", "--no-tag-display-limit", deb);

        Assert.True(lintian.ExitCode == 0, $"lintian: {lintian}");
        // An override without the comment line above it is a tag silenced without a reason.
        var lines = File.ReadAllLines(Repo.Path("packaging/deb/lintian-overrides"));
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Length > 0 && !lines[i].StartsWith('#'))
                Assert.True(i > 0 && lines[i - 1].StartsWith('#'), $"lintian-overrides line {i + 1} ({lines[i]}) has no comment saying why");
    }
}
