using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Kiosk.Devices;

/// <summary>
/// The gateway's device secrets and replay counters, in <c>devices.db</c> (SQLite, WAL, synchronous=FULL, mode 0600) in
/// the data folder. Secrets never enter the ledger. Each device's last press (counter, HMAC, ack) is written durably
/// before its ack goes out, in group commits, so a retry after a power cut is re-acked and a replay is still refused.
/// </summary>
public sealed class DeviceRegistry : IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 512;
    private readonly SqliteConnection _writer;
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DevicePressState> _states = new(StringComparer.Ordinal);
    private readonly Channel<(string Device, long Counter, string Hmac, byte[] Ack, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(string, long, string, byte[], TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private readonly object _secretLock = new();

    private DeviceRegistry(string path, SqliteConnection writer)
    {
        Path = path;
        _writer = writer;
        _writerLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Number of group commits of press records (for the benchmark).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    private long _commits;

    /// <summary>The registry's schema steps (<see cref="Kiosk.Ledger.SqliteSchema"/>); step 0 is the schema every release so far has shipped.</summary>
    internal static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS devices(device TEXT PRIMARY KEY, secret BLOB NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS last_press(device TEXT PRIMARY KEY, counter INTEGER NOT NULL, hmac TEXT NOT NULL, ack BLOB NOT NULL);
        """,
    ];

    /// <summary>Opens (or creates) the registry at <paramref name="path"/>.</summary>
    public static DeviceRegistry Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var existed = File.Exists(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        if (!existed && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        try
        {
            Kiosk.Ledger.SqliteSchema.Migrate(connection, path, "device registry", Migrations);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        var registry = new DeviceRegistry(path, connection);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT device, secret FROM devices";
            using var r = read.ExecuteReader();
            while (r.Read()) registry._secrets[r.GetString(0)] = (byte[])r[1];
        }
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT device, counter, hmac, ack FROM last_press";
            using var r = read.ExecuteReader();
            while (r.Read())
            {
                var state = registry.StateOf(r.GetString(0));
                state.LastCounter = r.GetInt64(1);
                state.LastHmac = r.GetString(2);
                state.LastAck = DeviceProtocol.DecodeAck((byte[])r[3]);
            }
        }
        return registry;
    }

    /// <summary>Ids of the registered devices.</summary>
    public IReadOnlyCollection<string> Devices => [.. _secrets.Keys];

    /// <summary>Creates (or replaces) the secret of <paramref name="device"/> and returns it; the caller hands it to the device only.</summary>
    public byte[] CreateSecret(string device)
    {
        var secret = DeviceProtocol.NewSecret();
        Store(device, secret);
        return secret;
    }

    /// <summary>Stores a given secret (a device moved from another gateway's data folder).</summary>
    public void Store(string device, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(secret);
        lock (_secretLock)
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO devices(device, secret, created) VALUES ($d, $s, $t);";
            cmd.Parameters.AddWithValue("$d", device);
            cmd.Parameters.AddWithValue("$s", secret);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            cmd.ExecuteNonQuery();
        }
        _secrets[device] = secret;
    }

    /// <summary>The secret of <paramref name="device"/>, when registered.</summary>
    public bool TryGetSecret(string device, out byte[] secret) => _secrets.TryGetValue(device, out secret!);

    internal DevicePressState StateOf(string device) => _states.GetOrAdd(device, _ => new DevicePressState());

    /// <summary>Durably records a device's last press and the ack it got; completes after the commit.</summary>
    internal Task RecordAsync(string device, long counter, string hmac, AckMessage ack)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((device, counter, hmac, DeviceProtocol.EncodeAck(ack), done)))
            done.SetException(new ObjectDisposedException(nameof(DeviceRegistry)));
        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(string Device, long Counter, string Hmac, byte[] Ack, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                lock (_secretLock)
                {
                    using var tx = _writer.BeginTransaction();
                    using var cmd = _writer.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT OR REPLACE INTO last_press(device, counter, hmac, ack) VALUES ($d, $c, $h, $a)";
                    var d = cmd.Parameters.Add("$d", SqliteType.Text);
                    var c = cmd.Parameters.Add("$c", SqliteType.Integer);
                    var h = cmd.Parameters.Add("$h", SqliteType.Text);
                    var a = cmd.Parameters.Add("$a", SqliteType.Blob);
                    foreach (var item in batch)
                    {
                        d.Value = item.Device; c.Value = item.Counter; h.Value = item.Hmac; a.Value = item.Ack;
                        cmd.ExecuteNonQuery();
                    }
                    tx.Commit();
                }
                Interlocked.Increment(ref _commits);
                foreach (var item in batch) item.Done.TrySetResult();
            }
            catch (SqliteException e)
            {
                foreach (var item in batch) item.Done.TrySetException(e);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_queue.Writer.TryComplete())
        {
            await _writerLoop;
            await _writer.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
