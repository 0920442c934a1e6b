namespace Kiosk.Ledger.Storage;

/// <summary>
/// Where head records live: a folder beside the database (<c>ledger.db</c> → <c>ledger.heads/</c>) holding one file
/// per author, named by the author's key in hex (<c>&lt;64 hex&gt;.head</c>). Written atomically: a temporary file,
/// synced to disk, then renamed over the old one, so a power cut leaves the old record or the new, never a torn one.
/// </summary>
internal static class HeadRecordFiles
{
    /// <summary>File name extension of a record.</summary>
    public const string Extension = ".head";

    /// <summary>The head record folder of the database at <paramref name="databasePath"/>.</summary>
    public static string FolderFor(string databasePath) => Path.ChangeExtension(Path.GetFullPath(databasePath), ".heads");

    /// <summary>The file of <paramref name="author"/>'s record.</summary>
    public static string FileFor(string folder, Bytes32 author) => Path.Combine(folder, author.ToHex() + Extension);

    /// <summary>Replaces <paramref name="author"/>'s record with <paramref name="bytes"/>, durably.</summary>
    public static void Write(string folder, Bytes32 author, byte[] bytes)
    {
        Directory.CreateDirectory(folder);
        var target = FileFor(folder, author);
        var temporary = target + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Every record file in <paramref name="folder"/> (none when it does not exist): its name and bytes.</summary>
    public static List<(string File, byte[] Bytes)> ReadAll(string folder)
    {
        var files = new List<(string, byte[])>();
        if (!Directory.Exists(folder)) return files;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension).Order(StringComparer.Ordinal))
            files.Add((file, ReadStart(file)));
        return files;
    }

    /// <summary>A record's bytes; of a file too long to be one, only enough to say so.</summary>
    private static byte[] ReadStart(string file)
    {
        using var stream = File.OpenRead(file);
        var buffer = new byte[HeadRecord.Length + 1];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }

    /// <summary>The author a record file is named for, or null when the name is not 64 hex digits.</summary>
    public static Bytes32? AuthorNamed(string file) =>
        Bytes32.TryParseHex(Path.GetFileNameWithoutExtension(file), out var author) ? author : null;
}
