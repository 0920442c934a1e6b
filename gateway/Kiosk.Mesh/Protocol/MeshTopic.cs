using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>A parsed replication topic: its kind and the node (a gateway or author key) it names.</summary>
public readonly record struct MeshTopic(TopicKind Kind, Bytes32 Node);
