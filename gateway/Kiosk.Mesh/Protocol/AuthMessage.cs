using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// <c>auth/{client}</c>: sent by the accepting gateway right after it accepted a peer's CONNECT: its key and its
/// signature over the accept statement (<see cref="PeerStatement"/>). The dialling gateway trusts nothing before it.
/// </summary>
/// <param name="Node">The accepting gateway's key.</param>
/// <param name="Signature">Its Ed25519 signature over the accept statement (64 bytes).</param>
public sealed record AuthMessage(Bytes32 Node, byte[] Signature)
{
    private const string What = "auth";

    /// <summary>The JSON payload.</summary>
    public byte[] Encode() => MeshJson.Write(w =>
    {
        w.WriteString("node", Node.ToHex());
        w.WriteString("signature", Convert.ToHexStringLower(Signature));
    });

    /// <summary>Decodes a payload; false with the problem when it breaks the protocol.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out AuthMessage message, out string? problem) =>
        MeshJson.TryDecode(payload, MeshLimits.MaxAuthBytes, What,
            root => new AuthMessage(MeshJson.Key(root, "node", What), MeshJson.Signature(root, What)), out message, out problem);
}
