using System.Buffers;
using System.Security.Cryptography;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Mesh.Links;

/// <summary>
/// A node's connection to a shared MQTT 3.1.1 broker (Mosquitto, a NATS MQTT listener), where the gateways and hubs of
/// an assembly are all clients. Each peer that shows up (its retained <c>have</c>, or a want addressed here) gets an
/// ordinary <see cref="PeerLink"/> whose messages travel through this one connection: wants and batches on the
/// addressed topics of <see cref="SharedBrokerTopics"/>, haves and live events on the usual topics. What every link
/// would publish alike is published once: the same have twice within a second, and a live event already seen on the
/// broker (received from it, or published by another link here), are not sent again. The connection is redialled with
/// a growing delay after a failure; its links close with it and come back with the peers' next haves.
/// <para>A broker cluster (NATS, three nodes) is given as several URLs: after a failed dial or a lost connection the
/// next one is tried, so a node that dies costs a reconnection, not the sync. Subscriptions are QoS 0: on a NATS MQTT
/// listener a QoS 1 subscription is a JetStream consumer that lives on one node and goes silent when that node dies,
/// while a QoS 0 one is held by the node the client is connected to. Nothing depends on delivery: a lost want is asked
/// again after <see cref="MeshOptions.WantTimeout"/>, a lost have or live event is repaired by the next have and catch-up.
/// Publishes stay QoS 1, so a publish is acknowledged by the broker (the back-pressure a catch-up needs).</para>
/// <para>Who may publish what is the broker's to enforce (its ACLs, docs/hub.md); events are checked here as always.</para>
/// </summary>
internal sealed class BrokerSession
{
    /// <summary>Live events remembered as already on the broker.</summary>
    private const int RecentEvents = 65_536;

    private static readonly TimeSpan SameHaveWindow = TimeSpan.FromSeconds(1);

    private readonly MeshNode _node;
    private readonly BrokerPeers _peers;
    private readonly ILogger _log;
    private readonly SharedBrokerTopics _topics;
    private readonly object _gate = new();
    private readonly Dictionary<Bytes32, PeerLink> _links = [];
    private readonly HashSet<Bytes32> _recent = [];
    private readonly Queue<Bytes32> _recentOrder = new();
    private readonly HashSet<Bytes32> _ignored = [];
    private IMqttClient? _client;
    private byte[]? _lastHave;
    private DateTimeOffset _lastHaveAt;

    private readonly BrokerTls? _tls;

    private readonly IReadOnlyList<Uri> _urls;
    private int _current;

    public BrokerSession(MeshNode node, IReadOnlyList<Uri> urls, BrokerPeers peers, BrokerTls? tls, ILogger log)
    {
        if (urls.Count == 0) throw new ArgumentException("no broker URL", nameof(urls));
        foreach (var url in urls)
        {
            if (url.Scheme is not ("mqtt" or "mqtts")) throw new ArgumentException($"broker {url}: give mqtt://HOST:PORT or mqtts://HOST:PORT", nameof(urls));
            if (url.Scheme != urls[0].Scheme) throw new ArgumentException($"broker {url}: the nodes of one broker share a scheme ({urls[0].Scheme})", nameof(urls));
        }
        if (urls[0].Scheme == "mqtts" && tls is null) throw new ArgumentException($"broker {urls[0]}: mqtts needs a client certificate and the broker's CA", nameof(tls));
        _node = node;
        _tls = urls[0].Scheme == "mqtts" ? tls : null;
        _urls = urls;
        _peers = peers;
        _log = log;
        _topics = new SharedBrokerTopics(node.Assembly);
    }

    /// <summary>The broker URL dialled now (or next).</summary>
    public Uri Url => _urls[Volatile.Read(ref _current)];

    public string Remote => "broker " + Url.Authority;

    /// <summary>The client id: unique per node and assembly (a hub holds one connection per assembly), 23 characters.</summary>
    public static string ClientId(Bytes32 key, AssemblyId assembly) => "k" + key.ToHex()[..11] + assembly.ToString()[..11];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _node.Options.Time;
        var backoff = new Backoff(_node.Options.RedialInitial, _node.Options.RedialMaximum, 0.2, new Random(_node.NextSeed()));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                var up = time.GetUtcNow();
                if (await ConnectAsync(lost, cancellationToken).ConfigureAwait(false))
                {
                    var reason = await lost.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                    CloseLinks($"broker connection lost ({reason})");
                    _log.LogWarning("Mesh: connection to broker {Broker} lost: {Reason}", Url.Authority, reason);
                    if (time.GetUtcNow() - up >= _node.Options.StableLink) backoff.Reset();
                }
                if (_urls.Count > 1)
                {
                    // Another node of the cluster: its sessions and retained haves are replicated, so it serves as well.
                    Volatile.Write(ref _current, (_current + 1) % _urls.Count);
                    _log.LogInformation("Mesh: trying broker {Broker} next", Url.Authority);
                }
                await Task.Delay(backoff.Next(), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            CloseLinks("this node is stopping");
            var client = Interlocked.Exchange(ref _client, null);
            if (client is not null) await new DialledTransport(client, Remote).CloseAsync("stopping").ConfigureAwait(false);
        }
    }

    private async Task<bool> ConnectAsync(TaskCompletionSource<string> lost, CancellationToken cancellationToken)
    {
        var url = Url;
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            lost.TrySetResult(e.Reason.ToString() + (e.Exception is null ? "" : ": " + e.Exception.Message));
            return Task.CompletedTask;
        };
        var builder = new MqttClientOptionsBuilder().WithTcpServer(url.Host, url.Port);
        if (_tls is { } tls)
            builder = builder.WithTlsOptions(o => o.UseTls().WithTargetHost(url.Host).WithClientCertificates([tls.ClientCertificate])
                .WithCertificateValidationHandler(e => tls.Trusts(e.Certificate, e.SslPolicyErrors)));
        var options = builder
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(ClientId(_node.Key, _node.Assembly))
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        try
        {
            var result = await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                _log.LogWarning("Mesh: broker {Broker} refused the connection ({Code})", url.Authority, result.ResultCode);
                client.Dispose();
                return false;
            }
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in _topics.SubscriptionsOf(_node.Key)) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtMostOnce);
            var subscribed = await client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
            if (subscribed.Items.FirstOrDefault(i => (int)i.ResultCode > 2) is { } refused)
            {
                _log.LogWarning("Mesh: broker {Broker} refused the subscription to {Topic} ({Code})", url.Authority, refused.TopicFilter.Topic, refused.ResultCode);
                await new DialledTransport(client, Remote).CloseAsync("subscription refused").ConfigureAwait(false);
                return false;
            }
            _client = client;
            _log.LogInformation("Mesh: connected to broker {Broker} for assembly {Assembly}", url.Authority, _node.Assembly);
            // Announce this node: peers make their link to it from this (retained) have.
            await SendAsync(_node.Key, _node.Topics.Have(_node.Key), _node.CurrentHave(), retain: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogWarning("Mesh: cannot reach broker {Broker}: {Problem}", url.Authority, e.Message);
            client.Dispose();
            return false;
        }
    }

    private void OnMessage(string topic, byte[] payload)
    {
        if (_topics.TryParseAddressed(topic, out var kind, out var to, out var from))
        {
            if (to != _node.Key || from == _node.Key) return; // not for this node (a broker without ACLs passes everything)
            // A batch only answers this node's want, on a link that is up; a want may open the link.
            var link = kind == TopicKind.Want ? LinkFor(from) : Existing(from);
            link?.Deliver(kind, to, payload, topic.Length);
            return;
        }
        if (!_node.Topics.TryParse(topic, out var parsed)) return;
        if (parsed.Kind == TopicKind.Have)
        {
            if (parsed.Node != _node.Key) LinkFor(parsed.Node)?.Deliver(TopicKind.Have, parsed.Node, payload, topic.Length);
            return;
        }
        if (parsed.Kind != TopicKind.Feed) return;
        Remember(EventId(payload));
        // The publisher is not known on a shared broker: the author's own link when there is one, else any.
        PeerLink? target;
        lock (_gate) target = _links.GetValueOrDefault(parsed.Node) ?? _links.Values.FirstOrDefault(l => !l.IsClosed);
        target?.Deliver(TopicKind.Feed, parsed.Node, payload, topic.Length);
    }

    private PeerLink? Existing(Bytes32 peer)
    {
        lock (_gate) return _links.GetValueOrDefault(peer);
    }

    /// <summary>The link to <paramref name="peer"/>, made when the peer is one this node links with here; else null.</summary>
    private PeerLink? LinkFor(Bytes32 peer)
    {
        lock (_gate)
        {
            if (_links.TryGetValue(peer, out var existing) && !existing.IsClosed) return existing;
            if (_client is null) return null;
            var authority = _node.Options.Ledger.Authority;
            if (!authority.Members.TryGetValue(peer, out var member) || member.IsRemoved || member.Role is not (Role.Gateway or Role.Hub))
            {
                // Said once per key: a broker that lets unenrolled clients publish here is misconfigured, or under attack.
                if (_ignored.Add(peer))
                {
                    _node.CountRefusedConnection();
                    _log.LogWarning("Mesh: refused on broker {Broker}: {Key} is not an enrolled gateway or hub of assembly {Assembly}; its messages are ignored", Url.Authority, peer.ToHex(), _node.Assembly);
                }
                return null;
            }
            var wanted = _peers == BrokerPeers.Hubs ? member.Role == Role.Hub : member.Role is Role.Gateway or Role.Hub;
            if (!wanted || _node.BannedUntil(peer) is not null || _node.HasLink(peer)) return null;
            var link = new PeerLink(_node, peer, LinkDirection.Dialled, new BrokerTransport(this, peer), _node.RecordOf(peer), _log);
            if (!_node.Attach(link)) return null;
            _links[peer] = link;
            link.Start();
            return link;
        }
    }

    /// <summary>Sends what a link (or this session) publishes, translated to the shared broker's topics.</summary>
    public async Task SendAsync(Bytes32 peer, string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new IOException($"not connected to {Remote}");
        if (!_node.Topics.TryParse(topic, out var parsed)) throw new InvalidOperationException($"not a replication topic: {topic}");
        string target;
        switch (parsed.Kind)
        {
            case TopicKind.Have:
                lock (_gate)
                {
                    var now = _node.Options.Time.GetUtcNow();
                    if (_lastHave is { } last && last.AsSpan().SequenceEqual(payload) && now - _lastHaveAt < SameHaveWindow) return;
                    _lastHave = payload;
                    _lastHaveAt = now;
                }
                target = topic;
                break;
            case TopicKind.Want:
                target = _topics.Want(parsed.Node, _node.Key);
                break;
            case TopicKind.Batch:
                target = _topics.Batch(parsed.Node, _node.Key);
                break;
            case TopicKind.Feed:
                if (!Remember(EventId(payload))) return; // on the broker already
                target = topic;
                break;
            default:
                throw new InvalidOperationException($"a link to {peer.ShortHex} sent {MeshTopics.Name(parsed.Kind)} through a shared broker");
        }
        var message = new MqttApplicationMessageBuilder().WithTopic(target).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new IOException($"publish to {Remote} failed: {result.ReasonCode}");
    }

    /// <summary>Forgets a closed link (its peer's next have makes a new one).</summary>
    public void Forget(Bytes32 peer)
    {
        lock (_gate)
            if (_links.TryGetValue(peer, out var link) && link.IsClosed) _links.Remove(peer);
    }

    private void CloseLinks(string reason)
    {
        PeerLink[] links;
        lock (_gate)
        {
            _client = null;
            links = [.. _links.Values];
            _links.Clear();
        }
        foreach (var link in links) link.Close(reason);
    }

    /// <summary>Remembers an event as on the broker; false when it was already.</summary>
    private bool Remember(Bytes32 id)
    {
        lock (_gate)
        {
            if (!_recent.Add(id)) return false;
            _recentOrder.Enqueue(id);
            if (_recentOrder.Count > RecentEvents) _recent.Remove(_recentOrder.Dequeue());
            return true;
        }
    }

    /// <summary>The id of an event's canonical bytes (SHA-256 of all of them), without decoding it.</summary>
    private static Bytes32 EventId(byte[] raw) => Bytes32.Read(SHA256.HashData(raw));
}
