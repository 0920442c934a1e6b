namespace Kiosk.Mesh.Protocol;

/// <summary>The replication topics' fourth level: what a message is.</summary>
public enum TopicKind
{
    /// <summary><c>have/{node}</c>: a node's version vector, feed heads, forks and state hash (retained).</summary>
    Have,

    /// <summary><c>want/{responder}</c>: ranges the requester lacks, and a byte credit.</summary>
    Want,

    /// <summary><c>batch/{requester}</c>: raw events answering a want, in seq order.</summary>
    Batch,

    /// <summary><c>feed/{author}</c>: one live event.</summary>
    Feed,

    /// <summary><c>auth/{client}</c>: the accepting gateway's half of the mutual authentication.</summary>
    Auth,
}
