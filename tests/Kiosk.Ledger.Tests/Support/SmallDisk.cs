using System.Diagnostics;

namespace Kiosk.Ledger.Tests.Support;

/// <summary>
/// A small tmpfs mounted in a temporary folder (tests run as root): a real disk that fills up. <see cref="Fill"/> takes
/// every free byte with a filler file, <see cref="Free"/> gives it back; disposing unmounts and removes the folder.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string _filler;

    public SmallDisk(int megabytes = 8)
    {
        Path = Directory.CreateTempSubdirectory("kiosk-small-disk-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path);
        _filler = System.IO.Path.Combine(Path, "filler");
    }

    public string Path { get; }

    /// <summary>Writes a filler file until the disk is full.</summary>
    public void Fill()
    {
        var block = new byte[64 * 1024];
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
            // Full. Smaller writes take the last partial block too.
        }
        try
        {
            while (true) file.Write(block, 0, 512);
        }
        catch (IOException)
        {
            // Completely full.
        }
    }

    /// <summary>Remounts the disk read-only (read-only media: nothing on it can be written, not even by root).</summary>
    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    /// <summary>Remounts the disk writable again.</summary>
    public void MakeWritable() => Run("mount", "-o", "remount,rw", Path);

    /// <summary>Removes the filler file.</summary>
    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
    }
}
