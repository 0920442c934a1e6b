using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// packaging/pi/setup.sh against a fake Raspberry Pi OS root (--root): a dry run prints every change and changes
/// nothing; a real run installs the kiosk screen in the compositor's autostart, turns blanking off and picks the pin map;
/// a second run finds nothing to change; a camera gets its Chromium policy (and loses it when switched off); a Pi it cannot identify is refused before anything changes.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PiSetupTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private const string Cmdline = "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait";
    private const string Swayidle = "swayidle -w timeout 600 'wlopm --off \\*' resume 'wlopm --on \\*' &";

    private readonly string _folder = Directory.CreateTempSubdirectory("kiosk-pi").FullName;
    private string Root => Path.Combine(_folder, "root");
    private string Deb => Path.Combine(_folder, "kiosk_9.9.9_amd64.deb");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_dry_run_prints_every_change_it_would_make_and_changes_nothing()
    {
        await MakePiAsync("labwc", "Raspberry Pi 5 Model B Rev 1.0", kioskInstalled: false);
        var before = Snapshot();

        var run = await SetupAsync("--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var line in (string[])["setup: would install kiosk 9.9.9 from " + Deb, "setup: would edit /home/pi/.config/labwc/autostart:",
                     "+/usr/lib/kiosk/kiosk-screen &", "+# kiosk: screen blanking off: " + Swayidle, "setup: would edit /boot/firmware/cmdline.txt:",
                     "+" + Cmdline + " consoleblank=0", "setup: would set board = \"raspberry-pi-5\" in /etc/kiosk/kiosk.conf (once the package has installed it)",
                     "setup: 4 changes to make (dry run: nothing changed)"])
            Assert.Contains(line, run.Output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("labwc", "Raspberry Pi 5 Model B Rev 1.0", "raspberry-pi-5")]
    [InlineData("wayfire", "Raspberry Pi 4 Model B Rev 1.5", "raspberry-pi-4")]
    public async Task A_run_sets_up_the_kiosk_screen_and_pin_map_and_a_second_run_changes_nothing(string compositor, string model, string board)
    {
        await MakePiAsync(compositor, model, kioskInstalled: true);

        var first = await SetupAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("setup: kiosk 9.9.9 is installed", first.Output, StringComparison.Ordinal);
        if (compositor == "labwc")
        {
            var autostart = File.ReadAllText(Path.Combine(Root, "home/pi/.config/labwc/autostart"));
            Assert.Contains("\n/usr/lib/kiosk/kiosk-screen &\n", autostart, StringComparison.Ordinal);
            Assert.Contains("# kiosk: screen blanking off: " + Swayidle, autostart, StringComparison.Ordinal);
            Assert.DoesNotContain("\n" + Swayidle, "\n" + autostart, StringComparison.Ordinal);
        }
        else
        {
            var ini = File.ReadAllText(Path.Combine(Root, "home/pi/.config/wayfire.ini"));
            Assert.Contains("[autostart]\npanel = wf-panel-pi\nkiosk = /usr/lib/kiosk/kiosk-screen\n", ini, StringComparison.Ordinal);
            Assert.Contains("[idle]\ndpms_timeout = -1\nscreensaver_timeout = -1\n", ini, StringComparison.Ordinal);
        }
        Assert.Equal(Cmdline + " consoleblank=0\n", File.ReadAllText(Path.Combine(Root, "boot/firmware/cmdline.txt")));
        Assert.Contains($"\nboard = \"{board}\"\n", File.ReadAllText(Path.Combine(Root, "etc/kiosk/kiosk.conf")), StringComparison.Ordinal);
        var after = Snapshot();

        var second = await SetupAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("setup: nothing to change", second.Output, StringComparison.Ordinal);
        Assert.Equal(after, Snapshot());
    }

    [Fact]
    public async Task Only_a_station_map_switches_spi_and_i2c_on_in_config_txt()
    {
        const string Config = "# comment\n#dtparam=i2c_arm=on\n#dtparam=i2s=on\n#dtparam=spi=on\n\n[all]\n";
        await MakePiAsync("labwc", "Raspberry Pi 5 Model B Rev 1.0", kioskInstalled: true);
        Write("boot/firmware/config.txt", Config);

        // The plain map (buttons, LEDs, buzzer) needs no bus: config.txt is left alone.
        var plain = await SetupAsync();
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("setup: pin map raspberry-pi-5 has no SPI, I2C or UART part: config.txt stays as it is", plain.Output, StringComparison.Ordinal);
        Assert.Equal(Config, File.ReadAllText(Path.Combine(Root, "boot/firmware/config.txt")));

        var before = Snapshot();
        var dry = await SetupAsync("--station", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        foreach (var line in (string[])["setup: this is a Raspberry Pi 5 Model B Rev 1.0: pin map raspberry-pi-5-station", "setup: would edit /boot/firmware/config.txt:",
                     "-#dtparam=spi=on", "+dtparam=spi=on", "-#dtparam=i2c_arm=on", "+dtparam=i2c_arm=on"])
            Assert.Contains(line, dry.Output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());

        var station = await SetupAsync("--station");
        Assert.True(station.ExitCode == 0, station.ToString());
        Assert.Contains("setup: pin map raspberry-pi-5-station needs dtparam=i2c_arm=on dtparam=spi=on: reboot once for them to take effect", station.Output, StringComparison.Ordinal);
        Assert.Equal("# comment\ndtparam=i2c_arm=on\n#dtparam=i2s=on\ndtparam=spi=on\n\n[all]\n", File.ReadAllText(Path.Combine(Root, "boot/firmware/config.txt")));
        Assert.Contains("\nboard = \"raspberry-pi-5-station\"\n", File.ReadAllText(Path.Combine(Root, "etc/kiosk/kiosk.conf")), StringComparison.Ordinal);

        var again = await SetupAsync("--station");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("setup: nothing to change", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copied_to_the_pi_on_its_own_the_script_reads_the_built_in_maps_from_the_package()
    {
        // The installer guide copies setup.sh and the .deb to the Pi, without the repository's hardware/boards.
        await MakePiAsync("labwc", "Raspberry Pi 5 Model B Rev 1.0", kioskInstalled: true);
        Write("boot/firmware/config.txt", "#dtparam=i2c_arm=on\n#dtparam=spi=on\n");
        var alone = Path.Combine(_folder, "copied", "setup.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(alone)!);
        File.Copy(Repo.Path("packaging/pi/setup.sh"), alone);
        File.SetUnixFileMode(alone, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var before = Snapshot();

        var dry = await SetupScriptAsync(alone, "--station", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        foreach (var line in (string[])["setup: this is a Raspberry Pi 5 Model B Rev 1.0: pin map raspberry-pi-5-station", "+dtparam=spi=on", "+dtparam=i2c_arm=on"])
            Assert.Contains(line, dry.Output, StringComparison.Ordinal);

        var unknown = await SetupScriptAsync(alone, "--board", "banana-pi", "--dry-run");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains($"--board banana-pi: no such map file, and no built-in board of that name in {Deb}", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_camera_gets_the_chromium_policy_for_the_kiosk_page_only_while_it_is_configured()
    {
        const string Policy = "etc/chromium/policies/managed/kiosk-camera.json";
        const string Json = "{ \"VideoCaptureAllowedUrls\": [\"http://127.0.0.1:8090\"] }\n";
        await MakePiAsync("labwc", "Raspberry Pi 5 Model B Rev 1.0", kioskInstalled: true);
        var conf = Path.Combine(Root, "etc/kiosk/kiosk.conf");
        File.WriteAllText(conf, File.ReadAllText(conf).Replace("kiosk-port = 8080", "kiosk-port = 8090", StringComparison.Ordinal));
        Assert.True((await SetupAsync()).ExitCode == 0);
        Assert.False(File.Exists(Path.Combine(Root, Policy)), "no camera configured, yet the policy was written");

        var before = Snapshot();
        var dry = await SetupAsync("--camera", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        foreach (var line in (string[])["setup: would edit /etc/kiosk/kiosk.conf:", "+camera = true", "setup: would write /" + Policy + ":", "  + " + Json.TrimEnd(),
                     "setup: 2 changes to make (dry run: nothing changed)"])
            Assert.Contains(line, dry.Output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());

        var run = await SetupAsync("--camera");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Json, File.ReadAllText(Path.Combine(Root, Policy)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(Root, Policy)));
        Assert.Contains("\ncamera = true\n", File.ReadAllText(conf), StringComparison.Ordinal);

        // kiosk.conf now says camera = true: a run without the flag keeps it all.
        var again = await SetupAsync();
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("setup: nothing to change", again.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, Policy)));

        // The camera switched off in kiosk.conf: the standing permission goes too.
        File.WriteAllText(conf, File.ReadAllText(conf).Replace("camera = true", "camera = false", StringComparison.Ordinal));
        var off = await SetupAsync();
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Contains("setup: remove /" + Policy + " (no camera", off.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Root, Policy)));
    }

    [Fact]
    public async Task A_board_it_cannot_identify_is_refused_before_anything_changes()
    {
        await MakePiAsync("labwc", "Orange Pi 5", kioskInstalled: false);
        var before = Snapshot();

        var run = await SetupAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot tell the pin map from this model ('Orange Pi 5'): say --board", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    private Task<ShellRun.Result> SetupAsync(params string[] args) => SetupScriptAsync(Repo.Path("packaging/pi/setup.sh"), args);

    private Task<ShellRun.Result> SetupScriptAsync(string script, params string[] args)
    {
        ShellRun.RequireRoot("the set-up script changes owners in the fake root");
        return ShellRun.RunAsync(Deadline, script, [.. args, "--root", Root, "--deb", Deb]);
    }

    /// <summary>
    /// A Raspberry Pi OS root as far as the script looks: the desktop user pi, the compositor and Chromium (stand-ins),
    /// the model in the device tree, cmdline.txt, the package's settings file, and a kiosk package of version 9.9.9.
    /// </summary>
    private async Task MakePiAsync(string compositor, string model, bool kioskInstalled)
    {
        Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000:,,,:/home/pi:/bin/bash\n");
        Write("etc/lightdm/lightdm.conf", $"[Seat:*]\nautologin-user=pi\nautologin-session=LXDE-pi-{compositor}\n");
        foreach (var program in (string[])["usr/bin/labwc", "usr/bin/wayfire", "usr/bin/chromium-browser"])
        {
            Write(program, "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(Root, program), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Write("proc/device-tree/model", model + "\0");
        Write("boot/firmware/cmdline.txt", Cmdline + "\n");
        if (compositor == "labwc") Write("home/pi/.config/labwc/autostart", Swayidle + "\n");
        else Write("home/pi/.config/wayfire.ini", "[core]\nplugins = autostart idle\n\n[autostart]\npanel = wf-panel-pi\n");
        Directory.CreateDirectory(Path.Combine(Root, "var/lib/dpkg"));
        if (kioskInstalled)
        {
            Write("etc/kiosk/kiosk.conf", File.ReadAllText(Repo.Path("packaging/kiosk.conf")));
            Write("var/lib/dpkg/status", "Package: kiosk\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
                + "Maintainer: Kiosk contributors <kiosk@kiosk.invalid>\nArchitecture: amd64\nVersion: 9.9.9\nDescription: stand-in\n\n");
        }

        // A real (tiny) package for the script to read its name and version from.
        var package = Path.Combine(_folder, "package");
        Directory.CreateDirectory(Path.Combine(package, "DEBIAN"));
        File.WriteAllText(Path.Combine(package, "DEBIAN/control"),
            "Package: kiosk\nVersion: 9.9.9\nArchitecture: amd64\nMaintainer: Kiosk contributors <kiosk@kiosk.invalid>\nDescription: stand-in\n");
        var boards = Path.Combine(package, "usr/share/kiosk/boards");
        Directory.CreateDirectory(boards);
        foreach (var map in Directory.GetFiles(Repo.Path("hardware/boards"), "*.json")) File.Copy(map, Path.Combine(boards, Path.GetFileName(map)));
        var build = await ShellRun.RunAsync(Deadline, "dpkg-deb", "--root-owner-group", "--build", package, Deb);
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Every file and folder of the fake root with its mode and content hash, one line each, in order.</summary>
    private string Snapshot()
    {
        var lines = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var mode = File.GetUnixFileMode(entry);
            var hash = File.Exists(entry) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry))) : "dir";
            lines.Add($"{Path.GetRelativePath(Root, entry)} {mode} {hash}");
        }
        return string.Join('\n', lines);
    }
}
