namespace Kiosk.Gateway.Data;

/// <summary>
/// The one-writer lock of a data folder: an exclusive advisory lock (flock) on <c>kiosk.lock</c> in the folder, held by
/// the running gateway for as long as it serves, and by a command that writes for as long as it runs. Two writers on one
/// ledger would each number their own feed's events from what they last read, and the second commit of a seq fails; the
/// lock makes the second writer wait its turn or go through the first (the control socket). The kernel drops the lock
/// when its holder dies, so a killed gateway leaves nothing to clean up.
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>The lock file's name in the data folder.</summary>
    public const string FileName = "kiosk.lock";

    // What FileStream reports when another open file holds the flock: EWOULDBLOCK (11 on Linux) or a sharing violation.
    private const int WouldBlock = 11;
    private const int SharingViolation = unchecked((int)0x80070020);

    private readonly FileStream? _file;

    private FolderLock(FileStream? file) => _file = file;

    /// <summary>
    /// Takes the lock of <paramref name="data"/>, or returns null when someone else holds it. A folder that does not exist
    /// yet is created first only when <paramref name="create"/>; otherwise there is nothing to lock and the result is
    /// <see cref="None"/>. A folder nobody may write (read-only media) is a <see cref="UserErrorException"/> saying so.
    /// </summary>
    public static FolderLock? TryTake(DataFolder data, bool create = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Root.Refresh();
        if (!data.Root.Exists)
        {
            if (!create) return None;
            data.Root.Create();
        }
        var path = Path.Combine(data.Root.FullName, FileName);
        try
        {
            // FileShare.None is an exclusive flock on Unix, taken without waiting.
            return new FolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new UserErrorException(StorageErrors.ReadonlySentence);
        }
        catch (IOException e) when (e.HResult == StorageErrors.ReadOnlyFileSystem)
        {
            throw new UserErrorException(StorageErrors.ReadonlySentence);
        }
    }

    /// <summary>The lock of a folder that does not exist yet: holds nothing.</summary>
    public static FolderLock None { get; } = new(null);

    /// <summary>True when <paramref name="data"/>'s lock is held by someone (this process included), without taking it.</summary>
    public static bool IsHeld(DataFolder data)
    {
        using var taken = TryTake(data);
        return taken is null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file?.Dispose();
    }
}
