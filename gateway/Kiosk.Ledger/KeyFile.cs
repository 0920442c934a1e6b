using System.Text;

namespace Kiosk.Ledger;

/// <summary>
/// Key files: one line "kiosk-ed25519-seed:" + hex seed, written with owner-only permissions (0600).
/// Reading refuses a file others can read, so a leaked permission is caught before a key is used.
/// </summary>
public static class KeyFile
{
    private const string Prefix = "kiosk-ed25519-seed:";

    /// <summary>Writes a new key file; refuses to overwrite an existing one.</summary>
    public static void Write(string path, AuthorKeyPair key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var seed = key.ExportSeed();
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(Prefix + Convert.ToHexStringLower(seed) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>Reads a key file, or says why it cannot be used.</summary>
    public static AuthorKeyPair Read(string path)
    {
        if (!File.Exists(path)) throw new KeyFileException($"key file {path} does not exist");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                throw new KeyFileException($"key file {path} is readable by others (mode {Convert.ToString((int)mode, 8)}); run: chmod 600 {path}");
        }
        var text = File.ReadAllText(path).Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64)
            throw new KeyFileException($"key file {path} is not a kiosk key file");
        var seed = Convert.FromHexString(text.AsSpan(Prefix.Length));
        try
        {
            return AuthorKeyPair.FromSeed(seed);
        }
        finally
        {
            Array.Clear(seed);
        }
    }
}
