namespace Kiosk.Gateway.Tests;

/// <summary>
/// The amd64 .deb installs into a fresh Debian root made with debootstrap (cached, with a throw-away overlay per run) and
/// works there: packaging/test/install-check.sh checks the user, the data folder, the conffile, the enabled unit
/// (systemd-analyze verify), then `kiosk init` and `kiosk run` as the kiosk user answering /health/ready and rendering
/// pages, `kiosk status` beside it (what a Native AOT publish could break), then that remove and purge keep the ledger.
/// </summary>
public sealed class PackageInstallTests
{
    /// <summary>A cold root (debootstrap from the mirror) takes minutes; the install itself well under one.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task The_amd64_package_installs_into_a_fresh_Debian_and_its_gateway_answers_health_as_the_kiosk_user()
    {
        ShellRun.RequireRoot("debootstrap, chroot and mounts");
        var deb = await PackagedDeb.PathAsync();

        var run = await ShellRun.RunAsync(Deadline, Repo.Path("packaging/test/install-check.sh"), deb);

        Assert.True(run.ExitCode == 0, $"install-check.sh: {run}");
        foreach (var check in (string[])["ok: dpkg -i", "ok: kiosk user in the gpio group owns /var/lib/kiosk", "ok: systemd-analyze verify kiosk.service",
                     "ok: kiosk run answers /health/ready", "ok: kiosk run renders /board and /console/login", "ok: a facilitator logs in to the console", "ok: kiosk status beside kiosk run", "ok: dpkg -r keeps /var/lib/kiosk", "ok: dpkg -P keeps /var/lib/kiosk", "all checks passed"])
            Assert.Contains(check, run.Output, StringComparison.Ordinal);
    }
}
