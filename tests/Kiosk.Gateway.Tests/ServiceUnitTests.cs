using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Kiosk.Gateway.Cli;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// The service's files in <c>packaging/</c>: the systemd unit passes <c>systemd-analyze verify</c> and carries the
/// hardening the issue asks for; the sample <c>/etc/kiosk/kiosk.conf</c> passes <c>kiosk config check</c>.
/// </summary>
public sealed class ServiceUnitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kiosk-unit").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_unit_is_a_hardened_notify_service_with_a_watchdog_that_systemd_analyze_accepts()
    {
        var unit = File.ReadAllText(Repo.Path("packaging/kiosk.service"));
        foreach (var line in (string[])["Type=notify", "WatchdogSec=", "ExecStart=/usr/bin/kiosk run", "User=kiosk", "SupplementaryGroups=gpio", "ProtectSystem=strict",
                     "ReadWritePaths=/var/lib/kiosk", "NoNewPrivileges=true", "PrivateTmp=true", "ProtectHome=true", "DeviceAllow=char-gpiochip rw"])
            Assert.Contains("\n" + line, unit, StringComparison.Ordinal);

        // verify checks that ExecStart's program exists; the package's /usr/bin/kiosk is not installed here, so a stand-in takes its path.
        var standIn = Path.Combine(_folder, "kiosk");
        File.WriteAllText(standIn, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var copy = Path.Combine(_folder, "kiosk.service");
        File.WriteAllText(copy, unit.Replace("ExecStart=/usr/bin/kiosk", "ExecStart=" + standIn, StringComparison.Ordinal));
        var (exit, output) = await RunAsync("systemd-analyze", "verify", "--man=no", copy);
        Assert.True(exit == 0 && output.Length == 0, $"systemd-analyze verify (exit {exit}):\n{output}");

        // The check can fail: a misspelt setting is reported.
        File.WriteAllText(copy, unit.Replace("ExecStart=/usr/bin/kiosk", "ExecStart=" + standIn, StringComparison.Ordinal).Replace("WatchdogSec=", "WatchdogSecs=", StringComparison.Ordinal));
        Assert.Contains("Unknown key 'WatchdogSecs'", (await RunAsync("systemd-analyze", "verify", "--man=no", copy)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_packaged_configuration_file_passes_config_check()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync(["config", "check", "--config", Repo.Path("packaging/kiosk.conf"), "--json"], output, error, new CliExtensions { Environment = new Hashtable() });
        Assert.True(code == 0, error.ToString());
        var settings = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("settings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("key").GetString()!, s => (Value: s.GetProperty("value").GetString(), Origin: s.GetProperty("origin").GetString()));
        Assert.Equal(("/var/lib/kiosk", "file"), settings["data"]);
        Assert.Equal(("8080", "file"), settings["kiosk-port"]);
        Assert.Equal(("127.0.0.1", "file"), settings["console-address"]);
        Assert.Equal(("information", "file"), settings["log-level"]);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
