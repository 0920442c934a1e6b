using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Kiosk.Devices.Guard;

/// <summary>
/// Accepts TCP connections for a TLS endpoint and does the TLS handshake itself, inside the guard: the connection is
/// admitted (caps per address, on handshakes and in total) before a byte of TLS is read, and the handshake must finish
/// with the MQTT CONNECT inside the guard's deadline. MQTTnet's own TLS listener does the handshake before any adapter
/// sees the connection, with no time limit, so a client that opens TCP and never finishes its ClientHello would hold a
/// socket and a handshake for as long as it likes.
/// </summary>
internal sealed class TlsListener : IDisposable
{
    // SslStream's protocols: what MQTTnet's server offers by default, and what the mesh's dialler and the buttons use.
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private readonly TlsEndpoint _endpoint;
    private readonly MqttServerOptions _options;
    private readonly IMqttNetLogger _logger;
    private readonly Func<EndPoint?, Func<CancellationToken, Task<IMqttChannelAdapter?>>, Func<Task>, Task> _guard;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Socket _socket;

    /// <summary>
    /// A listener for <paramref name="endpoint"/>; every accepted connection is handed to <paramref name="guard"/> with a
    /// function that does the handshake (cancelled by the deadline) and one that closes the connection when it is refused.
    /// </summary>
    public TlsListener(TlsEndpoint endpoint, MqttServerOptions options, IMqttNetLogger logger,
        Func<EndPoint?, Func<CancellationToken, Task<IMqttChannelAdapter?>>, Func<Task>, Task> guard)
    {
        _endpoint = endpoint;
        _options = options;
        _logger = logger;
        _guard = guard;
        _socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    }

    /// <summary>The port listened on (known after <see cref="Start"/>).</summary>
    public int Port { get; private set; } = -1;

    /// <summary>Binds, listens with the server's backlog and starts accepting.</summary>
    public void Start()
    {
        _socket.Bind(new IPEndPoint(_endpoint.Address, _endpoint.Port));
        _socket.Listen(_options.TlsEndpointOptions.ConnectionBacklog);
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _ = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return; // stopped
            }
            catch (SocketException)
            {
                continue; // the client gave up between the kernel's accept and ours
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        EndPoint? remote;
        EndPoint? local;
        try
        {
            socket.NoDelay = true;
            remote = socket.RemoteEndPoint;
            local = socket.LocalEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }
        var network = new NetworkStream(socket, ownsSocket: true);
        SslStream? ssl = null;
        MqttChannelAdapter? adapter = null;
        // Stopping the broker ends handshakes in progress too (connected clients are MQTTnet's to close).
        await using var stop = _stopping.Token.Register(network.Dispose);
        try
        {
            await _guard(remote, async expired =>
            {
                ssl = new SslStream(network, leaveInnerStreamOpen: false, _endpoint.RequireClientCertificate ? AnyCertificate : null);
                bool handshaken;
                // SslStream honours the token, and closing the socket makes sure: a stalled ClientHello ends either way.
                await using (expired.Register(network.Dispose)) handshaken = await HandshakeAsync(ssl, expired);
                if (!handshaken) return null;
                var certificate = ssl.RemoteCertificate switch
                {
                    X509Certificate2 full => full,
                    { } other => X509CertificateLoader.LoadCertificate(other.Export(X509ContentType.Cert)),
                    null => null,
                };
                var channel = new MqttTcpChannel(ssl, local, remote, certificate);
                var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options.WriterBufferSize, _options.WriterBufferSizeMax));
                adapter = new MqttChannelAdapter(channel, formatter, _logger) { AllowPacketFragmentation = _options.TlsEndpointOptions.AllowPacketFragmentation };
                return adapter;
            }, () =>
            {
                network.Dispose();
                return Task.CompletedTask;
            });
        }
        finally
        {
            adapter?.Dispose();
            if (ssl is not null) await ssl.DisposeAsync();
            await network.DisposeAsync();
        }
    }

    private async Task<bool> HandshakeAsync(SslStream ssl, CancellationToken expired)
    {
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _endpoint.Certificate,
                ClientCertificateRequired = _endpoint.RequireClientCertificate,
                EnabledSslProtocols = Protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, expired);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A failed or expired handshake is the client's problem: the guard counts what it closed, the log stays quiet
            // (a flood of these must not become a flood of log lines).
            return false;
        }
    }

    // Any certificate passes the handshake (see TlsEndpoint.RequireClientCertificate); one must be presented.
    private static bool AnyCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => certificate is not null;

    /// <summary>Stops accepting and ends the handshakes in progress.</summary>
    public void Dispose()
    {
        // The token source is not disposed: connections still starting register on it, and it holds no timer.
        _stopping.Cancel();
        _socket.Dispose();
    }
}
