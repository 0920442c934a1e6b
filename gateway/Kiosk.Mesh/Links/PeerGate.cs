using System.Buffers;
using System.Collections.Concurrent;
using Kiosk.Devices.Peers;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;
using Microsoft.Extensions.Logging;

namespace Kiosk.Mesh.Links;

/// <summary>
/// The mesh's side of the broker's peer listener (<see cref="IPeerClients"/>): lets in only gateways enrolled in this
/// gateway's own ledger that sign the connect statement over this very TLS connection's certificates; confines each
/// to the replication topics addressed to it or about it; answers with this gateway's signed accept statement; and
/// turns the connection into a <see cref="PeerLink"/>. Every refusal is logged with its reason and counted.
/// </summary>
internal sealed class PeerGate(MeshNode node, ILogger log) : IPeerClients
{
    private readonly ConcurrentDictionary<PeerSession, PeerLink> _links = new();

    public PeerVerdict Authenticate(PeerConnectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var remote = request.RemoteEndPoint?.ToString() ?? "?";
        PeerVerdict Refuse(PeerRefusal refusal, string reason)
        {
            node.CountRefusedConnection();
            log.LogWarning("Mesh: refused peer connection from {Remote} (client {ClientId}): {Reason}", remote, request.ClientId, reason);
            return PeerVerdict.Refuse(refusal, reason);
        }
        if (request.ClientCertificate is null) return Refuse(PeerRefusal.BadCredentials, "it presented no TLS client certificate");
        if (!PeerStatement.TryParseUserName(request.UserName, out var assembly, out var key))
            return Refuse(PeerRefusal.BadCredentials, $"its user name '{request.UserName}' is not ASSEMBLY:KEY (32 and 64 lower-case hex digits)");
        if (assembly != node.Assembly) return Refuse(PeerRefusal.BadCredentials, $"wrong assembly: it peers for assembly {assembly}; this gateway serves {node.Assembly}");
        if (key == node.Key) return Refuse(PeerRefusal.BadCredentials, $"it claims this gateway's own key {key.ShortHex}");
        var authority = node.Options.Ledger.Authority;
        if (!authority.Members.TryGetValue(key, out var member) || member.Role is not (Role.Gateway or Role.Hub))
            return Refuse(PeerRefusal.BadCredentials, $"key {key.ShortHex} is not an enrolled gateway of this assembly (in this gateway's ledger)");
        if (member.IsRetired) return Refuse(PeerRefusal.NotAuthorized, $"retired: gateway {member.Name} ({key.ShortHex}) was retired from the assembly (its events after #{member.ValidThroughSeq} do not count)");
        if (node.BannedUntil(key) is { } until) return Refuse(PeerRefusal.NotAuthorized, $"gateway {member.Name} ({key.ShortHex}) is shut out until {until:u} after too many refused events");
        var certificate = PeerStatement.CertificateHash(request.ClientCertificate);
        if (request.Password is not { Length: PeerStatement.SignatureLength } signature
            || !PeerStatement.Verify(signature, PeerStatement.Side.Connect, assembly, key, node.Key, certificate, node.CertificateHash))
            return Refuse(PeerRefusal.BadCredentials, $"the signature of {member.Name} ({key.ShortHex}) does not cover this connection's certificates and keys (a replayed or forged CONNECT)");
        if (node.LinkTo(key) is { } existing && !LinkPreference.ReplaceExisting(existing.Direction, LinkDirection.Accepted, node.Key, key))
        {
            // Two gateways that dial each other at once: the link this one dialled stays. Not a refused peer (nothing is
            // wrong with it), so neither counted nor warned about.
            var reason = $"a link to {member.Name} ({key.ShortHex}) is up already, dialled by this gateway";
            log.LogInformation("Mesh: declined a second link from {Remote}: {Reason}", remote, reason);
            return PeerVerdict.Refuse(PeerRefusal.Unavailable, reason);
        }
        return PeerVerdict.Accept(new PeerIdentity(key, certificate, remote));
    }

    public async Task ConnectedAsync(PeerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var identity = (PeerIdentity)session.Identity;
        var link = new PeerLink(node, identity.Key, LinkDirection.Accepted, new AcceptedTransport(session, identity.Remote), node.RecordOf(identity.Key), log);
        _links[session] = link;
        if (!node.Attach(link))
        {
            _links.TryRemove(session, out _);
            await session.DisconnectAsync("a link to this peer is up already");
            return;
        }
        var signature = PeerStatement.Sign(node.Options.GatewayKey, PeerStatement.Side.Accept, node.Assembly, identity.Key, node.Key, identity.CertificateHash, node.CertificateHash);
        try
        {
            await session.SendAsync(node.Topics.Auth(identity.Key), new AuthMessage(node.Key, signature).Encode());
        }
        catch (OperationCanceledException)
        {
            link.Close("the peer left before it was answered");
            return;
        }
        link.Start();
    }

    public ValueTask<string?> PublishedAsync(PeerSession session, string topic, ReadOnlySequence<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_links.TryGetValue(session, out var link)) return ValueTask.FromResult<string?>("the link is not up (yet)");
        string? refused = null;
        if (!node.Topics.TryParse(topic, out var parsed)) refused = $"published on '{topic}', not a replication topic of this assembly";
        else if (!MayPublish(parsed, link.Key)) refused = $"published on '{topic}', which is not addressed to this gateway nor about itself";
        if (refused is not null)
        {
            link.Refuse(refused, countsAgainstPeer: true);
            return ValueTask.FromResult<string?>(refused);
        }
        link.Deliver(parsed.Kind, parsed.Node, payload.ToArray(), topic.Length);
        return ValueTask.FromResult<string?>(null);
    }

    /// <summary>What a peer may publish into this gateway: its own have, wants and batches addressed here, live events.</summary>
    private bool MayPublish(MeshTopic topic, Bytes32 peer) => topic.Kind switch
    {
        TopicKind.Have => topic.Node == peer,
        TopicKind.Want or TopicKind.Batch => topic.Node == node.Key,
        TopicKind.Feed => true,
        _ => false,
    };

    public string? RefuseSubscription(PeerSession session, string topicFilter)
    {
        ArgumentNullException.ThrowIfNull(session);
        var peer = ((PeerIdentity)session.Identity).Key;
        var topics = node.Topics;
        string[] allowed = [topics.Auth(peer), topics.Want(peer), topics.Batch(peer), topics.All(TopicKind.Have), topics.Have(node.Key), topics.All(TopicKind.Feed)];
        if (allowed.Contains(topicFilter, StringComparer.Ordinal)) return null;
        node.CountRefusal();
        return $"a peer subscribes only to its own auth, want and batch topics, to have and to feed (asked for '{topicFilter}')";
    }

    public void Disconnected(PeerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_links.TryRemove(session, out var link)) link.Close("the peer disconnected");
    }
}
