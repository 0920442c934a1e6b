using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Kiosk.Hub.Tests.Support;

/// <summary>
/// A real PostgreSQL 15 server for the tests: <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a free
/// 127.0.0.1 port, with <c>fsync=on</c>; stopped and deleted on dispose. PostgreSQL refuses to run as root, so when the
/// tests run as root the server runs as the unprivileged <c>postgres</c> user (or <c>nobody</c>), owning the folder.
/// It never skips: when the server cannot start, the fixture fails with what PostgreSQL said.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Where Debian's <c>postgresql-15</c> puts the server programs (test.sh installs <c>postgresql</c>).</summary>
    public const string BinFolder = "/usr/lib/postgresql/15/bin";

    private const string Superuser = "kiosk";
    private string? _folder;
    private string? _runAs;
    private int _nextDatabase;

    public int Port { get; private set; }

    /// <summary>The folder of the cluster (data, socket, log).</summary>
    public string Folder => _folder ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinFolder, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinFolder}/initdb is missing): install the Debian package postgresql (test.sh does)");
        _folder = Path.Combine(Path.GetTempPath(), "kiosk-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        _runAs = Environment.UserName == "root" ? (UserExists("postgres") ? "postgres" : "nobody") : null;
        if (_runAs is not null) await RunAsync("chown", ["-R", _runAs, _folder]);
        var data = Path.Combine(_folder, "data");
        // initdb's own syncs only slow the test; the server itself runs with fsync on.
        await RunServerToolAsync("initdb", ["-D", data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        Port = FreePort();
        var settings = string.Join(' ', "-c listen_addresses=127.0.0.1", $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-c unix_socket_directories={_folder}", "-c fsync=on", "-c max_connections=200", "-c shared_buffers=64MB");
        await RunServerToolAsync("pg_ctl", ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-o", settings, "-w", "-t", "60", "start"]);
    }

    /// <summary>A connection string to <paramref name="database"/> (default: the maintenance database).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Pooling = true }.ToString();

    /// <summary>Creates a fresh, empty database and returns its connection string: each test gets its own.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "kiosk_test_" + Interlocked.Increment(ref _nextDatabase).ToString(CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (_folder is null) return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (File.Exists(Path.Combine(_folder, "data", "postmaster.pid")))
                await RunServerToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // a straggling file must not fail a test
        }
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments) =>
        _runAs is null
            ? RunAsync(Path.Combine(BinFolder, tool), arguments)
            : RunAsync("runuser", ["-u", _runAs, "--", Path.Combine(BinFolder, tool), .. arguments]);

    private async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode == 0) return;
        var log = _folder is { } f && File.Exists(Path.Combine(f, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(f, "server.log")) : "";
        throw new InvalidOperationException($"PostgreSQL could not be started: {program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}{await error}{log}");
    }

    private static bool UserExists(string user) => File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
