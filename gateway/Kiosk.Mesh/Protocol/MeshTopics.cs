using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// The replication topics of one assembly: <c>kiosk/v1/{assembly}/{kind}/{node}</c>, where node is a 64-digit
/// lower-case hex key (the gateway a message is about or addressed to, or the author of a live event).
/// </summary>
public sealed class MeshTopics
{
    /// <summary>First level of every topic (protocol version 1).</summary>
    public const string Root = "kiosk/v1/";

    private readonly string _prefix;

    /// <summary>The topics of <paramref name="assembly"/>.</summary>
    public MeshTopics(AssemblyId assembly)
    {
        Assembly = assembly;
        _prefix = $"{Root}{assembly}/";
    }

    /// <summary>The assembly.</summary>
    public AssemblyId Assembly { get; }

    /// <summary>The topic of <paramref name="kind"/> naming <paramref name="node"/>.</summary>
    public string Of(TopicKind kind, Bytes32 node) => $"{_prefix}{Name(kind)}/{node.ToHex()}";

    /// <summary><c>have/{node}</c>.</summary>
    public string Have(Bytes32 node) => Of(TopicKind.Have, node);

    /// <summary><c>want/{responder}</c>.</summary>
    public string Want(Bytes32 responder) => Of(TopicKind.Want, responder);

    /// <summary><c>batch/{requester}</c>.</summary>
    public string Batch(Bytes32 requester) => Of(TopicKind.Batch, requester);

    /// <summary><c>feed/{author}</c>.</summary>
    public string Feed(Bytes32 author) => Of(TopicKind.Feed, author);

    /// <summary><c>auth/{client}</c>.</summary>
    public string Auth(Bytes32 client) => Of(TopicKind.Auth, client);

    /// <summary>A filter matching every topic of <paramref name="kind"/> (<c>…/{kind}/+</c>).</summary>
    public string All(TopicKind kind) => $"{_prefix}{Name(kind)}/+";

    /// <summary>Parses a topic of this assembly; false for anything else (another assembly, another layout, a bad key).</summary>
    public bool TryParse(string topic, out MeshTopic parsed)
    {
        parsed = default;
        if (topic is null || !topic.StartsWith(_prefix, StringComparison.Ordinal)) return false;
        var rest = topic.AsSpan(_prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash < 0) return false;
        TopicKind? kind = rest[..slash] switch
        {
            "have" => TopicKind.Have,
            "want" => TopicKind.Want,
            "batch" => TopicKind.Batch,
            "feed" => TopicKind.Feed,
            "auth" => TopicKind.Auth,
            _ => null,
        };
        var node = rest[(slash + 1)..];
        // Keys are lower-case hex in topics: one spelling per topic, so ACLs can compare strings.
        if (kind is null || !LowerHex.TryParseKey(node, out var key)) return false;
        parsed = new MeshTopic(kind.Value, key);
        return true;
    }

    /// <summary>The topic level of <paramref name="kind"/>.</summary>
    public static string Name(TopicKind kind) => kind switch
    {
        TopicKind.Have => "have",
        TopicKind.Want => "want",
        TopicKind.Batch => "batch",
        TopicKind.Feed => "feed",
        TopicKind.Auth => "auth",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
