namespace Kiosk.Ledger;

/// <summary>
/// Writes secret files (private keys, certificates with their keys) readable by their owner only, and whole: the bytes
/// go to a temporary file made owner-only from the start, reach the disk, and only then take the file's name, so a
/// power cut leaves the old file or the new one, never half of one or a moment when others could read it.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Replaces <paramref name="path"/> (creating its folder) with <paramref name="bytes"/>, owner-only.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(temporary);
        using (var file = new FileStream(temporary, options))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
