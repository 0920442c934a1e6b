using System.Globalization;
using System.Text;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// A gateway's signed word about its own state: "in this assembly I held <see cref="Held"/> events and my state hash
/// was <see cref="State"/>". Gateways carry each other's statements in their <c>have</c> (docs/mesh.md, "States
/// heard"), so every gateway learns which others hold its state, not only its direct peers; the signature lets any
/// gateway relay a statement and none forge one. <see cref="Held"/> orders a gateway's statements: a ledger only grows,
/// so a statement holding more events is the newer, and two statements holding as many events name the same state.
/// </summary>
/// <param name="Node">The gateway whose state it is (and whose key signed).</param>
/// <param name="State">Its state hash.</param>
/// <param name="Held">The events it held: the sum of its feeds' seqs plus the events of its fork proofs.</param>
/// <param name="Signature">Its Ed25519 signature over <see cref="Bytes(AssemblyId)"/> (64 bytes).</param>
public sealed record StateStatement(Bytes32 Node, Bytes32 State, long Held, byte[] Signature)
{
    /// <summary>
    /// The signed bytes: five lines of ASCII, each ending in a line feed: <c>kiosk/v1/state</c>, the assembly id, the
    /// node's key, its state hash (lower-case hex), the events held (decimal).
    /// </summary>
    public static byte[] Bytes(AssemblyId assembly, Bytes32 node, Bytes32 state, long held) =>
        Encoding.ASCII.GetBytes($"kiosk/v1/state\n{assembly}\n{node.ToHex()}\n{state.ToHex()}\n{held.ToString(CultureInfo.InvariantCulture)}\n");

    /// <summary>The bytes this statement's signature covers.</summary>
    public byte[] Bytes(AssemblyId assembly) => Bytes(assembly, Node, State, Held);

    /// <summary>The statement of <paramref name="key"/>'s gateway that it holds <paramref name="held"/> events with state <paramref name="state"/>.</summary>
    public static StateStatement Sign(AuthorKeyPair key, AssemblyId assembly, Bytes32 state, long held)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = new byte[PeerStatement.SignatureLength];
        key.Sign(Bytes(assembly, key.PublicKey, state, held), signature);
        return new StateStatement(key.PublicKey, state, held, signature);
    }

    /// <summary>True when the signature is <see cref="Node"/>'s over this statement in <paramref name="assembly"/>.</summary>
    public bool Verify(AssemblyId assembly) =>
        Signature.Length == PeerStatement.SignatureLength && SignatureVerifier.Verify(Node, Bytes(assembly), Signature);
}
