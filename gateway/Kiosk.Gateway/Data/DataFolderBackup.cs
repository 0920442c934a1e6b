using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kiosk.Gateway.Data;

/// <summary>
/// <c>kiosk backup</c> and <c>kiosk restore</c>: the data folder as one file, encrypted under a passphrase
/// (<see cref="BackupCipher"/>): a gzip'd tar of the databases, taken with SQLite's online backup so a running gateway
/// keeps voting, and every other file the folder needs (keys, passphrase locks, the console's and peers' certificates,
/// head records, peers, device settings). Not kept: the printed code sheets (their codes are meant to exist only on paper),
/// what a running gateway rewrites (mesh/status.json), locks and temporary files.
/// </summary>
public static class DataFolderBackup
{
    /// <summary>The archive's last entry: what it holds.</summary>
    public const string ManifestName = "kiosk-backup.json";

    /// <summary>The folder that holds what <c>restore --force</c> moved aside: <c>replaced-TIME</c>.</summary>
    public const string ReplacedPrefix = "replaced-";

    private const string StagingPrefix = ".kiosk-staging-";

    /// <summary>What the archive says of itself.</summary>
    public sealed record Manifest(int Format, DateTimeOffset Created, string? Assembly, IReadOnlyList<string> Files);

    /// <summary>What <see cref="Write"/> made.</summary>
    public sealed record Made(string File, long Bytes, IReadOnlyList<string> Files);

    /// <summary>What <see cref="Restore"/> brought back, and where the folder's earlier contents went (with --force).</summary>
    public sealed record Restored(Manifest Manifest, string? MovedAside);

    /// <summary>
    /// Writes the backup of <paramref name="data"/> to <paramref name="target"/> (refused when it exists, unless
    /// <paramref name="overwrite"/>). Head records and files are read before the databases, and the databases are
    /// snapshotted together (ballot box, then the others, then the ledger), so the copy is one the gateway could have
    /// stopped at: no head record ahead of its ledger, no vote both queued and published.
    /// </summary>
    public static Made Write(DataFolder data, string target, string passphrase, TimeProvider time, bool overwrite = false, int memoryKiB = BackupCipher.DefaultMemoryKiB)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        if (!data.HasLedger) throw new UserErrorException($"no ledger in {data.Root.FullName}: nothing to back up (check --data)");
        var full = Path.GetFullPath(target);
        if (full.StartsWith(data.Root.FullName.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new UserErrorException($"{full} is inside the data folder: write the backup elsewhere (another disk, best)");
        if (File.Exists(full) && !overwrite) throw new UserErrorException($"{full} already exists; choose another name, or add --force to replace it");
        if (passphrase.Length < PassphraseLock.MinPassphraseLength) throw new UserErrorException($"a backup passphrase needs at least {PassphraseLock.MinPassphraseLength} characters");

        var staging = CreateStaging(data);
        var temporary = full + ".tmp";
        try
        {
            var (header, key) = BackupCipher.Start(passphrase, memoryKiB);
            using (key)
            {
                var files = new List<string>();
                var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var file = new FileStream(temporary, options))
                {
                    file.Write(header);
                    file.Write(BackupCipher.CheckTag(key, header));
                    var sealing = new SealingStream(file, key, header);
                    using (var gzip = new GZipStream(sealing, CompressionLevel.Fastest, leaveOpen: true))
                    using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                    {
                        foreach (var (path, name) in PlainFiles(data))
                        {
                            tar.WriteEntry(path, name);
                            files.Add(name);
                        }
                        foreach (var (path, name) in Snapshot(data, staging))
                        {
                            tar.WriteEntry(path, name);
                            files.Add(name);
                        }
                        var manifest = new Manifest(1, time.GetUtcNow(), AssemblyOf(Path.Combine(staging, Path.GetFileName(data.LedgerPath))), files);
                        using var manifestBytes = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, GatewayJson.Default.Manifest));
                        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, ManifestName) { DataStream = manifestBytes, Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
                    }
                    sealing.Finish();
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, full, overwrite: true);
                return new Made(full, new FileInfo(full).Length, files);
            }
        }
        finally
        {
            File.Delete(temporary);
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Restores the backup <paramref name="source"/> into <paramref name="data"/>: refused (nothing changed) when the
    /// passphrase does not open it, when it is damaged anywhere, when its ledger fails the start-up check, or when the
    /// folder is not empty (with <paramref name="force"/>, what is there moves to <c>replaced-TIME/</c> first). Everything
    /// is unpacked and checked beside the folder's contents before any of them moves.
    /// </summary>
    public static Restored Restore(DataFolder data, string source, string passphrase, TimeProvider time, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        if (!File.Exists(source)) throw new UserErrorException($"{source}: no such file");
        // The folder's lock file stays where it is (a gateway that starts later takes it there), so it neither makes the folder
        // "not empty" nor moves aside.
        var present = data.Root.Exists
            ? data.Root.EnumerateFileSystemInfos().Where(e => !e.Name.StartsWith(StagingPrefix, StringComparison.Ordinal) && e.Name != FolderLock.FileName).ToList()
            : [];
        if (present.Count > 0 && !force)
            throw new UserErrorException($"{data.Root.FullName} is not empty (it holds {string.Join(", ", present.Select(e => e.Name).Order(StringComparer.Ordinal).Take(4))}{(present.Count > 4 ? ", …" : "")}): "
                + $"restore into an empty folder, or add --force to move what is there into {Path.Combine(data.Root.FullName, ReplacedPrefix + "TIME")}/ first");
        // One writer per data folder: replacing the files under a running gateway would leave it writing to moved or
        // deleted databases, so the restore holds the lock the gateway holds while it runs, until every file is in place.
        using var folderLock = FolderLock.TryTake(data)
            ?? throw new UserErrorException($"a running gateway (kiosk run) holds the data folder {data.Root.FullName}: stop it first (on a Pi: sudo systemctl stop kiosk), then restore; nothing was restored");
        var created = !data.Root.Exists;
        try
        {
            return Unpacked(data, source, passphrase, time, present);
        }
        catch when (created)
        {
            // A refused restore leaves no trace, not even the folder it made (checked here, after the staging folder's clean-up ran).
            if (Directory.Exists(data.Root.FullName) && !Directory.EnumerateFileSystemEntries(data.Root.FullName).Any()) Directory.Delete(data.Root.FullName);
            throw;
        }
    }

    private static Restored Unpacked(DataFolder data, string source, string passphrase, TimeProvider time, List<FileSystemInfo> present)
    {
        using var input = File.OpenRead(source);
        var (header, key, problem) = BackupCipher.Open(input, passphrase);
        if (problem is not null) throw new UserErrorException($"{source}: {problem}; nothing was restored");
        using (key)
        {
            var staging = CreateStaging(data);
            try
            {
                var manifest = Unpack(new UnsealingStream(input, key!, header!), staging)
                    ?? throw new BackupDamagedException("it holds no list of its contents (it was not made by kiosk backup)");
                var staged = new DataFolder(new DirectoryInfo(staging));
                if (!staged.HasLedger) throw new BackupDamagedException("it holds no ledger");
                using (staged.OpenLedger()) { } // the start-up check: nothing is restored that kiosk run would refuse
                SqliteConnection.ClearAllPools();
                string? aside = null;
                if (present.Count > 0)
                {
                    aside = Path.Combine(data.Root.FullName, ReplacedPrefix + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(aside);
                    foreach (var entry in present) Move(entry, Path.Combine(aside, entry.Name));
                }
                foreach (var entry in new DirectoryInfo(staging).EnumerateFileSystemInfos()) Move(entry, Path.Combine(data.Root.FullName, entry.Name));
                return new Restored(manifest, aside);
            }
            catch (BackupDamagedException e)
            {
                throw new UserErrorException($"{source}: {e.Message}; nothing was restored");
            }
            catch (UserErrorException e)
            {
                throw new UserErrorException($"{source}: the backup's ledger fails its check ({e.Message}); nothing was restored");
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static Manifest? Unpack(UnsealingStream sealedInput, string staging)
    {
        Manifest? manifest = null;
        try
        {
            using (var gzip = new GZipStream(sealedInput, CompressionMode.Decompress, leaveOpen: true))
            using (var tar = new TarReader(gzip, leaveOpen: true))
            {
                while (tar.GetNextEntry() is { } entry)
                {
                    if (entry.EntryType is TarEntryType.Directory) continue;
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !SafeName(entry.Name))
                        throw new BackupDamagedException($"it holds an entry kiosk backup never writes ({entry.EntryType} {entry.Name})");
                    if (entry.Name == ManifestName)
                    {
                        manifest = JsonSerializer.Deserialize(entry.DataStream ?? Stream.Null, GatewayJson.Default.Manifest);
                        continue;
                    }
                    var path = Path.Combine(staging, entry.Name);
                    CreateOwnerOnlyFolder(Path.GetDirectoryName(path)!);
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    using var file = new FileStream(path, options);
                    entry.DataStream?.CopyTo(file);
                    file.Flush(flushToDisk: true);
                }
            }
            sealedInput.ReadToEnd();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException or EndOfStreamException)
        {
            throw new BackupDamagedException($"its contents cannot be read ({e.Message})");
        }
        return manifest;
    }

    /// <summary>A relative path inside the folder, with no way out of it.</summary>
    private static bool SafeName(string name) =>
        name.Length is > 0 and < 256 && !name.StartsWith('/') && !name.Contains('\\', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal)
        && name.Split('/').All(part => part.Length > 0 && part != "." && part != "..");

    /// <summary>Every file but the databases: keys, locks of passphrases, certificates, head records, peers, device settings.</summary>
    private static IEnumerable<(string Path, string Name)> PlainFiles(DataFolder data)
    {
        var root = data.Root.FullName;
        foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, path).Replace('\\', '/');
            var top = name.Split('/')[0];
            var fileName = Path.GetFileName(name);
            if (top is "sheets" || top.StartsWith(StagingPrefix, StringComparison.Ordinal) || top.StartsWith(ReplacedPrefix, StringComparison.Ordinal)) continue;
            if (name == "mesh/status.json") continue;
            if (!name.Contains('/', StringComparison.Ordinal) && fileName.EndsWith(".db", StringComparison.Ordinal)) continue; // from the snapshot
            if (fileName.EndsWith("-wal", StringComparison.Ordinal) || fileName.EndsWith("-shm", StringComparison.Ordinal) || fileName.EndsWith("-journal", StringComparison.Ordinal)
                || fileName.EndsWith(".tmp", StringComparison.Ordinal) || fileName.EndsWith(".sock", StringComparison.Ordinal)) continue;
            if (fileName.EndsWith(".lock", StringComparison.Ordinal) && top != "keys") continue; // process locks; keys/NAME.lock are sealed passphrase keys
            yield return (path, name);
        }
    }

    /// <summary>
    /// Online backups of the folder's databases into <paramref name="staging"/>. Every database's read snapshot is taken
    /// before any is copied, ballot box first and ledger last: the ballot box publishes a vote by marking it, committing it to
    /// the ledger and then deleting it, so a ledger snapshot taken after the box's never lacks a vote the box no longer holds.
    /// </summary>
    private static List<(string Path, string Name)> Snapshot(DataFolder data, string staging)
    {
        var names = Directory.EnumerateFiles(data.Root.FullName, "*.db").Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n == Kiosk.Voting.Box.WaitingVoteStore.FileName ? 0 : n == Path.GetFileName(data.LedgerPath) ? 2 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var sources = new List<(SqliteConnection Connection, SqliteTransaction Transaction, string Name)>();
        var copied = new List<(string, string)>();
        try
        {
            foreach (var name in names)
            {
                var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data.Root.FullName, name), Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
                connection.Open();
                using (var timeout = connection.CreateCommand())
                {
                    timeout.CommandText = "PRAGMA busy_timeout=30000;";
                    timeout.ExecuteNonQuery();
                }
                var transaction = connection.BeginTransaction(deferred: true);
                sources.Add((connection, transaction, name));
                using var read = connection.CreateCommand();
                read.Transaction = transaction;
                read.CommandText = "SELECT count(*) FROM sqlite_master;"; // takes this database's read snapshot now
                read.ExecuteScalar();
            }
            foreach (var (connection, _, name) in sources)
            {
                var copy = Path.Combine(staging, name);
                using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
                {
                    destination.Open();
                    connection.BackupDatabase(destination);
                    using var journal = destination.CreateCommand();
                    journal.CommandText = "PRAGMA journal_mode=DELETE;"; // one self-contained file in the archive
                    journal.ExecuteNonQuery();
                }
                copied.Add((copy, name));
            }
        }
        finally
        {
            foreach (var (connection, transaction, _) in sources)
            {
                transaction.Dispose();
                connection.Dispose();
            }
        }
        return copied;
    }

    private static string? AssemblyOf(string ledgerCopy)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerCopy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'assembly';";
        try
        {
            return command.ExecuteScalar() switch { string s => s, byte[] b => Convert.ToHexStringLower(b), _ => null };
        }
        catch (SqliteException)
        {
            return null; // a ledger without the meta row still backs up; the manifest just names no assembly
        }
    }

    private static string CreateStaging(DataFolder data)
    {
        CreateOwnerOnlyFolder(data.Root.FullName);
        var staging = Path.Combine(data.Root.FullName, StagingPrefix + Guid.NewGuid().ToString("N")[..12]);
        CreateOwnerOnlyFolder(staging);
        return staging;
    }

    private static void CreateOwnerOnlyFolder(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Move(FileSystemInfo entry, string target)
    {
        if (entry is DirectoryInfo folder) folder.MoveTo(target);
        else ((FileInfo)entry).MoveTo(target);
    }
}
