using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kiosk.Gateway.Data;

namespace Kiosk.Gateway.Host;

/// <summary>
/// The running gateway's control socket: a Unix domain socket <c>control.sock</c> in the data folder, readable and
/// writable by its owner only (mode 0600, and the peer's uid is checked too), through which a command that writes
/// (<c>kiosk ballot create</c>, <c>kiosk notice post</c>, <c>kiosk vote</c>…) run while the gateway holds the folder's lock
/// is carried out by the gateway itself, on its one ledger, so its board sees the commit at once. One request per
/// connection: a JSON line <c>{"args":[…]}</c>, answered by one JSON <see cref="ControlReply"/>; commands run one at a time.
/// </summary>
public sealed class ControlSocket : IAsyncDisposable
{
    /// <summary>The socket's file name in the data folder.</summary>
    public const string FileName = "control.sock";

    /// <summary>Longest request accepted (a command line), in bytes.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    // Linux: SOL_SOCKET and SO_PEERCRED, whose value is struct ucred { pid_t pid; uid_t uid; gid_t gid; }.
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int UcredBytes = 12;
    private const int Backlog = 8;

    // A Unix socket path (sun_path) holds at most 107 bytes and its terminating zero.
    private const int MaxPathBytes = 107;

    private readonly Socket _listener;
    private readonly string _path;
    private readonly ControlCommandRunner _run;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ControlSocket(Socket listener, string path, ControlCommandRunner run, ILogger logger)
    {
        _listener = listener;
        _path = path;
        _run = run;
        _logger = logger;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The socket file of <paramref name="data"/>.</summary>
    public static string PathOf(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Path.Combine(data.Root.FullName, FileName);
    }

    /// <summary>
    /// Listens on <paramref name="data"/>'s control socket (the caller holds the folder's lock, so a socket file left there
    /// is stale and is replaced). Null where Unix sockets are missing or the folder's path is too long for one: commands
    /// that write are then refused with a sentence while the gateway runs, rather than carried out.
    /// </summary>
    public static ControlSocket? Start(DataFolder data, ControlCommandRunner run, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(logger);
        var path = PathOf(data);
        if (!Socket.OSSupportsUnixDomainSockets || OperatingSystem.IsWindows() || Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            logger.LogWarning("no control socket at {Path}: commands that write to the data folder are refused while the gateway runs", path);
            return null;
        }
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(Backlog);
            return new ControlSocket(listener, path, run, logger);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="args"/> to the gateway serving <paramref name="data"/> and returns its reply; null when no
    /// gateway listens there (no socket, or a stale one).
    /// </summary>
    public static async Task<ControlReply?> SendAsync(DataFolder data, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var path = PathOf(data);
        if (!File.Exists(path) || !Socket.OSSupportsUnixDomainSockets) return null;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = JsonSerializer.SerializeToUtf8Bytes(new ControlRequest([.. args]), GatewayJson.Compact.ControlRequest);
        await stream.WriteAsync(request, cancellationToken);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, GatewayJson.Compact.ControlReply, cancellationToken)
                ?? throw new IOException("the running gateway gave an empty answer on its control socket");
        }
        catch (JsonException)
        {
            throw new IOException("the running gateway closed its control socket without an answer (it may be stopping); run the command again");
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                if (!IsOwner(client))
                {
                    _logger.LogWarning("control socket: refused a connection from another user");
                    return;
                }
                await using var stream = new NetworkStream(client, ownsSocket: false);
                var request = await ReadRequestAsync(stream);
                ControlReply reply;
                if (request is null)
                {
                    reply = new ControlReply(2, "", $"the request on the control socket is not a command line (at most {MaxRequestBytes} bytes of JSON)\n");
                }
                else
                {
                    await _oneAtATime.WaitAsync(_stop.Token);
                    try
                    {
                        using var output = new StringWriter(CultureInfo.InvariantCulture);
                        using var error = new StringWriter(CultureInfo.InvariantCulture);
                        var code = await _run(request.Args, output, error, _stop.Token);
                        reply = new ControlReply(code, output.ToString(), error.ToString());
                    }
                    finally
                    {
                        _oneAtATime.Release();
                    }
                    // The command's name only: its arguments may hold a voter code.
                    _logger.LogInformation("control socket: ran kiosk {Command} (exit {ExitCode})", request.Args.FirstOrDefault(a => !a.StartsWith('-')) ?? "", reply.ExitCode);
                }
                await JsonSerializer.SerializeAsync(stream, reply, GatewayJson.Compact.ControlReply, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the gateway is stopping: nothing to answer.
            }
        }
    }

    private static async Task<ControlRequest?> ReadRequestAsync(Stream stream)
    {
        var buffer = new byte[MaxRequestBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length))) > 0) length += read;
        if (length > MaxRequestBytes) return null;
        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), GatewayJson.Compact.ControlRequest) is { Args: not null } request ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The file's mode keeps other users out; the peer's uid is checked as well, for the moment between bind and chmod.
    private static bool IsOwner(Socket client)
    {
        if (!OperatingSystem.IsLinux()) return true;
        Span<byte> credentials = stackalloc byte[UcredBytes];
        if (client.GetRawSocketOption(SolSocket, SoPeerCred, credentials) != UcredBytes) return false;
        var uid = BitConverter.ToUInt32(credentials[4..8]);
        return uid == OwnUid.Value;
    }

    private static readonly Lazy<uint> OwnUid = new(() =>
    {
        // /proc/self/status: "Uid:\treal\teffective\tsaved\tfs"; the effective uid is the one a peer is compared with.
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // A read-only or vanished folder: the next gateway replaces a stale socket anyway.
        }
        _stop.Dispose();
        _oneAtATime.Dispose();
    }

    /// <summary>A command line sent to the running gateway.</summary>
    internal sealed record ControlRequest(string[] Args);
}
