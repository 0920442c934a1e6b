using Kiosk.Gateway;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Web;
using Kiosk.Gateway.Web.Console;
using Kiosk.Ledger;

namespace Kiosk.Web.Tests;

/// <summary>The console's passphrase lock, the kiosk keypad and `kiosk run` refusals, without a browser.</summary>
public sealed class ConsoleLoginLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kiosk-lock").FullName;

    [Fact]
    public void The_right_passphrase_opens_the_facilitators_key_and_a_wrong_one_or_an_altered_lock_does_not()
    {
        using var key = AuthorKeyPair.Generate();
        var keyFile = Path.Combine(_folder, "ana.key");
        KeyFile.Write(keyFile, key);
        var sealedKey = PassphraseLock.Create("Ana", keyFile, "correct horse battery", memoryKiB: 8 * 1024, passes: 1);
        var path = PassphraseLock.PathOf(_folder, "ana");
        sealedKey.Write(path);
        Assert.DoesNotContain("correct horse", File.ReadAllText(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        using var opened = PassphraseLock.Read(path).Open("correct horse battery");
        Assert.Equal(key.PublicKey, opened!.PublicKey);
        Assert.Null(PassphraseLock.Read(path).Open("correct horse batterY"));
        Assert.Null((sealedKey with { Name = "Bo" }).Open("correct horse battery")); // the name is bound to the sealed key
        Assert.Throws<UserErrorException>(() => PassphraseLock.Create("Ana", keyFile, "short"));
    }

    [Theory]
    [InlineData("", "7", "7")]
    [InlineData("7K2", "M", "7K2M")]
    [InlineData("7K2M", "Q", "7K2M-Q")]
    [InlineData("7K2M-QX9P-4HR", "T", "7K2M-QX9P-4HRT")]
    [InlineData("7K2M-QX9P-4HRT", "A", "7K2M-QX9P-4HRT")]
    [InlineData("7K2M-Q", "del", "7K2M")]
    [InlineData("", "del", "")]
    [InlineData("7k2m q", "X", "7K2M-QX")]
    [InlineData("7K2", "U", "7K2")]
    public void The_keypad_appends_symbols_in_groups_of_four_up_to_a_whole_code(string typed, string key, string expected) =>
        Assert.Equal(expected, KioskFlow.Keypad(typed, key));

    [Fact]
    public async Task Run_refuses_a_key_that_is_not_an_enrolled_gateway()
    {
        var data = Path.Combine(_folder, "data");
        Assert.Equal(0, await KioskCli.RunAsync(["init", "--name", "Test", "--data", data], TextWriter.Null, TextWriter.Null));
        var error = new StringWriter();
        Assert.Equal(CliRun.UserError, await KioskCli.RunAsync(["run", "--gateway", DataFolder.FounderKeyName, "--kiosk-port", "0", "--console-port", "0", "--data", data], TextWriter.Null, error));
        Assert.Contains("is not an enrolled gateway", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
