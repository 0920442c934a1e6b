using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;

namespace Kiosk.Mesh.Links;

/// <summary>
/// Keeps a link to one configured peer: dials its broker (MQTT 3.1.1 over TLS with this gateway's certificate), signs
/// the connect statement for the key its certificate names, waits for its signed <c>auth</c>, and hands the connection
/// to a <see cref="PeerLink"/>. When the link ends or a dial fails it dials again after a growing, jittered delay
/// (MQTTnet 5 has no reconnecting client). It does not dial while the peer's own dialled link is up, or while the
/// peer is shut out.
/// </summary>
internal sealed class PeerDialer
{
    private readonly MeshNode _node;
    private readonly PeerEntry _entry;
    private readonly ILogger _log;
    private Bytes32? _named;

    public PeerDialer(MeshNode node, PeerEntry entry, ILogger log, Bytes32? expectedKey = null)
    {
        _node = node;
        _entry = entry;
        _log = log;
        _named = expectedKey;
        // A peer found by discovery names its key: one record for it from the start, shared with a link it dials in on.
        Record = expectedKey is { } key ? node.Register(new PeerRecord(entry.Name, entry.Url), key) : new PeerRecord(entry.Name, entry.Url);
    }

    /// <summary>True when this dialler's peer has (or is expected to have) <paramref name="key"/>.</summary>
    public bool Dials(Bytes32 key) => (Record.Key ?? _named) == key;

    /// <summary>What is remembered of the peer (the record kept for its key, once that is known).</summary>
    public PeerRecord Record { get; private set; }

    /// <summary>The configured address.</summary>
    public Uri Url => _entry.Url;

    /// <summary>The MQTT client id of a gateway's dialled links: 23 characters, the most MQTT 3.1.1 servers must accept.</summary>
    public static string ClientId(Bytes32 key) => "kiosk" + key.ToHex()[..18];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _node.Options.Time;
        var backoff = new Backoff(_node.Options.RedialInitial, _node.Options.RedialMaximum, 0.2, new Random(_node.NextSeed()));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // The key its certificate named, even on a refused dial: enough to see that the peer dialled in
                // meanwhile (then there is nothing to dial), never to trust it.
                if ((Record.Key ?? _named) is { } key)
                {
                    if (_node.BannedUntil(key) is { } until)
                    {
                        await Task.Delay(until - time.GetUtcNow(), time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (_node.LinkTo(key) is { } existing)
                    {
                        // The peer dialled in (or this dialler's link is still closing): wait for that link to end.
                        await existing.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                var link = await DialAsync(cancellationToken).ConfigureAwait(false);
                // A peer that cannot be reached cannot say this gateway was rolled back: the start-up check waits no longer for it.
                if (link is null) _node.Contacted(_entry.Url);
                if (link is not null)
                {
                    var up = time.GetUtcNow();
                    await link.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (time.GetUtcNow() - up >= _node.Options.StableLink) backoff.Reset();
                }
                var delay = backoff.Next();
                _log.LogDebug("Mesh: dialling {Peer} again in {Delay}", _entry.Name, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private PeerLink? Fail(string problem)
    {
        if (Record.LastProblem != problem) _log.LogWarning("Mesh: peer {Peer} ({Url}): {Problem}", _entry.Name, _entry.Url.GetLeftPart(UriPartial.Authority), problem);
        Record.LastProblem = problem;
        return null;
    }

    /// <summary>One attempt: the link when it came up, else null (the problem is on the record and in the log).</summary>
    private async Task<PeerLink?> DialAsync(CancellationToken cancellationToken)
    {
        var options = _node.Options;
        var host = _entry.Url.Host;
        X509Certificate2? serverCertificate = null;
        var gate = new object();
        var pending = new List<(MeshTopic Topic, byte[] Payload, int TopicLength)>();
        PeerLink? link = null;
        var auth = new TaskCompletionSource<AuthMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var topic = e.ApplicationMessage.Topic;
            var payload = e.ApplicationMessage.Payload.ToArray();
            lock (gate)
            {
                if (!_node.Topics.TryParse(topic, out var parsed))
                {
                    link?.Refuse($"sent a message on '{topic}', not a replication topic of this assembly", countsAgainstPeer: true);
                }
                else if (parsed.Kind == TopicKind.Auth)
                {
                    if (AuthMessage.TryDecode(payload, out var message, out var problem)) auth.TrySetResult(message);
                    else auth.TrySetException(new InvalidDataException($"its auth message breaks the protocol: {problem}"));
                }
                else if (link is null) pending.Add((parsed, payload, topic.Length));
                else Deliver(link, parsed, payload, topic.Length);
            }
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            auth.TrySetException(new IOException($"the connection ended before the peer authenticated ({e.Reason})"));
            PeerLink? closing;
            lock (gate) closing = link;
            closing?.Close($"connection lost ({e.Reason}{(e.Exception is null ? "" : ": " + e.Exception.Message)})");
            return Task.CompletedTask;
        };
        var mqtt = new MqttClientOptionsBuilder()
            .WithTcpServer(host, _entry.Url.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(ClientId(_node.Key))
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost(host).WithClientCertificates([options.Certificate])
                .WithAllowUntrustedCertificates().WithIgnoreCertificateChainErrors().WithIgnoreCertificateRevocationErrors()
                // Trust comes from the peer's signed statement over this certificate, not from a CA: take it, check it later.
                .WithCertificateValidationHandler(v =>
                {
                    serverCertificate = X509CertificateLoader.LoadCertificate(v.Certificate.GetRawCertData());
                    _named = PeerCertificate.GatewayKeyOf(serverCertificate);
                    return true;
                }))
            .WithCredentials(new StatementCredentials(this, () => serverCertificate))
            .Build();
        try
        {
            var result = await client.ConnectAsync(mqtt, cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                client.Dispose();
                return Fail($"it refused the connection ({result.ResultCode}); its log says why");
            }
            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_node.Topics.Auth(_node.Key), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_node.Topics.Want(_node.Key), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_node.Topics.Batch(_node.Key), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_node.Topics.All(TopicKind.Have), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(_node.Topics.All(TopicKind.Feed), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var subscribed = await client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
            if (subscribed.Items.FirstOrDefault(i => (int)i.ResultCode > 2) is { } refused)
            {
                await new DialledTransport(client, _entry.Url.Authority).CloseAsync("subscription refused").ConfigureAwait(false);
                return Fail($"it refused the subscription to {refused.TopicFilter.Topic} ({refused.ResultCode})");
            }
            var proof = await auth.Task.WaitAsync(options.AuthTimeout, options.Time, cancellationToken).ConfigureAwait(false);
            var serverKey = serverCertificate is null ? (Bytes32?)null : PeerCertificate.GatewayKeyOf(serverCertificate);
            if (serverKey is not { } key || proof.Node != key || !PeerStatement.Verify(proof.Signature, PeerStatement.Side.Accept, _node.Assembly, _node.Key, key,
                    _node.CertificateHash, PeerStatement.CertificateHash(serverCertificate!)))
            {
                await new DialledTransport(client, _entry.Url.Authority).CloseAsync("bad auth").ConfigureAwait(false);
                return Fail($"it did not prove it holds the gateway key its certificate names (auth from {proof.Node.ShortHex})");
            }
            Record = _node.Register(Record, key);
            lock (gate)
            {
                link = new PeerLink(_node, key, LinkDirection.Dialled, new DialledTransport(client, _entry.Url.Authority), Record, _log);
                if (!_node.Attach(link))
                {
                    var loser = link;
                    link = null;
                    _ = loser.Completion; // never started: closing it only ends the connection
                    loser.Close("a link to this peer is up already (it dialled this gateway)");
                    return null;
                }
                foreach (var (topic, payload, length) in pending) Deliver(link, topic, payload, length);
                pending.Clear();
            }
            link.Start();
            return link;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            client.Dispose();
            return Fail(e switch
            {
                TimeoutException => $"it sent no auth within {options.AuthTimeout.TotalSeconds:F0} s",
                _ => $"cannot link: {Innermost(e).Message}",
            });
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner && e is not PeerDialException ? Innermost(inner) : e;

    /// <summary>What a dialled peer may send this gateway: its own have, wants and batches addressed here, live events.</summary>
    private void Deliver(PeerLink link, MeshTopic topic, byte[] payload, int topicLength)
    {
        var allowed = topic.Kind switch
        {
            TopicKind.Have => topic.Node == link.Key,
            TopicKind.Want or TopicKind.Batch => topic.Node == _node.Key,
            TopicKind.Feed => true,
            _ => false,
        };
        if (allowed) link.Deliver(topic.Kind, topic.Node, payload, topicLength);
        else link.Refuse($"sent a message on {MeshTopics.Name(topic.Kind)}/{topic.Node.ShortHex}, which is not addressed to this gateway nor about itself", countsAgainstPeer: true);
    }

    /// <summary>A dial that cannot go on, with the reason in words.</summary>
    private sealed class PeerDialException(string message) : Exception(message);

    /// <summary>
    /// The CONNECT's credentials, made when MQTTnet builds the packet (after the TLS handshake): the user name
    /// <c>ASSEMBLY:KEY</c> and, as password, this gateway's signature over the connect statement naming the key and
    /// certificate the peer presented.
    /// </summary>
    private sealed class StatementCredentials(PeerDialer dialer, Func<X509Certificate2?> serverCertificate) : IMqttClientCredentialsProvider
    {
        public string GetUserName(MqttClientOptions clientOptions) => PeerStatement.UserName(dialer._node.Assembly, dialer._node.Key);

        public byte[] GetPassword(MqttClientOptions clientOptions)
        {
            var node = dialer._node;
            var certificate = serverCertificate() ?? throw new PeerDialException("the peer presented no TLS certificate");
            var key = PeerCertificate.GatewayKeyOf(certificate) ?? throw new PeerDialException("the peer's certificate names no gateway key");
            var authority = node.Options.Ledger.Authority;
            if (key == node.Key) throw new PeerDialException("that address is this gateway itself");
            if (!authority.Members.TryGetValue(key, out var member) || member.Role is not (Role.Gateway or Role.Hub))
                throw new PeerDialException($"its certificate names key {key.ShortHex}, which is not an enrolled gateway of this assembly (in this gateway's ledger)");
            if (member.IsRetired) throw new PeerDialException($"retired: its certificate names gateway {member.Name} ({key.ShortHex}), which was retired from the assembly");
            return PeerStatement.Sign(node.Options.GatewayKey, PeerStatement.Side.Connect, node.Assembly, node.Key, key, node.CertificateHash, PeerStatement.CertificateHash(certificate));
        }
    }
}
