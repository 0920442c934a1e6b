using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// A test's own peer client, speaking the protocol by hand so it can break it: any key, any certificate, any user name
/// and password (by default the genuine connect statement for what it holds), then any message on any topic.
/// </summary>
public sealed class HostilePeer : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private X509Certificate2? _serverCertificate;

    public HostilePeer(AuthorKeyPair key, AssemblyId assembly, X509Certificate2? certificate = null)
    {
        Key = key;
        Assembly = assembly;
        Certificate = certificate ?? X509CertificateLoader.LoadPkcs12(PeerCertificate.Create(key.PublicKey, DateTimeOffset.UtcNow), null);
        Topics = new MeshTopics(assembly);
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    public AuthorKeyPair Key { get; }
    public AssemblyId Assembly { get; }
    public X509Certificate2 Certificate { get; }
    public MeshTopics Topics { get; }
    public ConcurrentQueue<(string Topic, byte[] Payload)> Received { get; } = new();

    /// <summary>The accepting gateway's key, as its certificate names it.</summary>
    public Bytes32 ServerKey => PeerCertificate.GatewayKeyOf(_serverCertificate!)!.Value;

    /// <summary>
    /// Connects to <paramref name="port"/>. <paramref name="userName"/> and <paramref name="password"/> default to the
    /// genuine ones for this key and certificate; a password function sees the server's certificate.
    /// </summary>
    public async Task<MqttClientConnectResultCode> ConnectAsync(int port, string? userName = null, Func<X509Certificate2, byte[]>? password = null)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId("hostile" + Key.PublicKey.ToHex()[..16])
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(20))
            .WithTlsOptions(tls => tls.UseTls().WithClientCertificates([Certificate]).WithAllowUntrustedCertificates().WithIgnoreCertificateChainErrors()
                .WithCertificateValidationHandler(v =>
                {
                    _serverCertificate = X509CertificateLoader.LoadCertificate(v.Certificate.GetRawCertData());
                    return true;
                }))
            .WithCredentials(new Credentials(userName ?? PeerStatement.UserName(Assembly, Key.PublicKey), () => (password ?? Genuine)(_serverCertificate!)))
            .Build();
        return (await _client.ConnectAsync(options)).ResultCode;
    }

    /// <summary>The connect statement this peer would genuinely sign for the server's certificate.</summary>
    public byte[] Genuine(X509Certificate2 server) => Sign(Key, Certificate, server);

    /// <summary>The connect statement <paramref name="key"/> signs for a connection presenting <paramref name="certificate"/> to <paramref name="server"/>.</summary>
    public byte[] Sign(AuthorKeyPair key, X509Certificate2 certificate, X509Certificate2 server) =>
        PeerStatement.Sign(key, PeerStatement.Side.Connect, Assembly, key.PublicKey, PeerCertificate.GatewayKeyOf(server)!.Value,
            PeerStatement.CertificateHash(certificate), PeerStatement.CertificateHash(server));

    public async Task SubscribeAsync()
    {
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.Auth(Key.PublicKey), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Batch(Key.PublicKey), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.Want(Key.PublicKey), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.All(TopicKind.Have), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
    }

    public Task<MqttClientSubscribeResult> SubscribeAsync(string filter) =>
        _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public Task PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public bool IsConnected => _client.IsConnected;

    public async ValueTask DisposeAsync()
    {
        try { if (_client.IsConnected) await _client.DisconnectAsync(); }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException) { }
        _client.Dispose();
        Certificate.Dispose();
        _serverCertificate?.Dispose();
    }

    private sealed class Credentials(string userName, Func<byte[]> password) : IMqttClientCredentialsProvider
    {
        public string GetUserName(MqttClientOptions clientOptions) => userName;
        public byte[] GetPassword(MqttClientOptions clientOptions) => password();
    }
}
