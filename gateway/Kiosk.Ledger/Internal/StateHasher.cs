using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// The state hash: SHA-256 over a canonical listing of what the applied events define — members (key, role,
/// cut-off, name), devices, fork points, and for each feed the last applied seq with that event's id (which,
/// through the hash chain, commits to every applied event before it). Pending events are not part of it.
/// </summary>
internal static class StateHasher
{
    public static Bytes32 Hash(LedgerState state, Func<Bytes32, long, Bytes32> idAt)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Bytes32.Length];
        void Bytes(Bytes32 value) { value.Write(buffer); hash.AppendData(buffer); }
        void Number(long value) { BinaryPrimitives.WriteInt64BigEndian(buffer, value); hash.AppendData(buffer, 0, 8); }
        void Text(string? value)
        {
            var bytes = Encoding.UTF8.GetBytes(value ?? "");
            Number(value is null ? -1 : bytes.Length);
            hash.AppendData(bytes);
        }

        hash.AppendData("kiosk/v1/state"u8);
        Text(state.Assembly?.ToString());
        foreach (var member in state.Authority.Members.Values.OrderBy(m => m.Key))
        {
            Bytes(member.Key);
            Number((long)member.Role);
            Number(member.ValidThroughSeq);
            Text(member.Name);
        }
        foreach (var device in state.Authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal))
        {
            Text(device.Device);
            Bytes(device.Gateway);
            Text(device.Label);
            Text(device.Member);
            Number(device.Revoked ? 1 : 0);
        }
        foreach (var (author, seq) in state.Forks.OrderBy(f => f.Key))
        {
            Bytes(author);
            Number(seq);
        }
        foreach (var author in state.Heads.Keys.Order())
        {
            var through = state.Authority.Members.ContainsKey(author) ? state.AppliedThrough(author) : 0;
            if (through <= 0) continue;
            Bytes(author);
            Number(through);
            var head = state.HeadOf(author);
            Bytes(through == head.Seq ? head.Id : idAt(author, through));
        }
        Span<byte> digest = stackalloc byte[Bytes32.Length];
        hash.GetHashAndReset(digest);
        return Bytes32.Read(digest);
    }
}
