using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>Key files are owner-only, round-trip exactly, and a widely readable one is refused.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFileTests
{
    [Fact]
    public void A_key_file_is_written_owner_only_and_reads_back_the_same_key()
    {
        using var folder = new TempFolder();
        var path = folder.File("keys/founder.key");
        using var key = AuthorKeyPair.Generate();
        KeyFile.Write(path, key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var read = KeyFile.Read(path);
        Assert.Equal(key.PublicKey, read.PublicKey);
        Assert.DoesNotContain(key.PublicKey.ToHex(), File.ReadAllText(path), StringComparison.Ordinal); // the file holds the seed, not the public key
        Assert.DoesNotContain(File.ReadAllText(path).Trim()[^64..], key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_key_file_is_never_overwritten()
    {
        using var folder = new TempFolder();
        var path = folder.File("k.key");
        using var first = AuthorKeyPair.Generate();
        using var second = AuthorKeyPair.Generate();
        KeyFile.Write(path, first);
        Assert.Throws<IOException>(() => KeyFile.Write(path, second));
        using var read = KeyFile.Read(path);
        Assert.Equal(first.PublicKey, read.PublicKey);
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused_with_the_fix()
    {
        using var folder = new TempFolder();
        var path = folder.File("k.key");
        using var key = AuthorKeyPair.Generate();
        KeyFile.Write(path, key);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_key_is_refused()
    {
        using var folder = new TempFolder();
        var path = folder.File("k.key");
        File.WriteAllText(path, "hello");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Throws<KeyFileException>(() => KeyFile.Read(path));
    }
}
