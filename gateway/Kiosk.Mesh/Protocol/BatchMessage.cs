using System.Buffers.Binary;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// <c>batch/{requester}</c>: raw canonical events answering a want, feed by feed in seq order. Binary: the magic
/// <c>KIOSKBT1</c>, the want's request number (u64), this batch's index in the answer (u32), flags (u8; bit 0 "more":
/// another batch of this answer follows), the event count (u32), then each event as a u32 length and its bytes. All
/// integers big-endian; at most <see cref="MeshLimits.MaxBatchBytes"/> in all.
/// </summary>
/// <param name="Request">The want this answers.</param>
/// <param name="Index">0, 1, 2… within the answer.</param>
/// <param name="More">True when another batch of this answer follows.</param>
/// <param name="Events">The events' canonical bytes.</param>
public sealed record BatchMessage(long Request, int Index, bool More, IReadOnlyList<byte[]> Events)
{
    /// <summary>The first eight bytes of every batch.</summary>
    public static ReadOnlySpan<byte> Magic => "KIOSKBT1"u8;

    /// <summary>Bytes before the first event.</summary>
    public const int HeaderLength = 8 + 8 + 4 + 1 + 4;

    /// <summary>Bytes each event adds besides its own (its length).</summary>
    public const int PerEventOverhead = 4;

    private const byte MoreFlag = 1;

    /// <summary>The encoded size.</summary>
    public int Length => HeaderLength + Events.Sum(e => PerEventOverhead + e.Length);

    /// <summary>The binary payload.</summary>
    public byte[] Encode()
    {
        var buffer = new byte[Length];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt64BigEndian(span[8..], (ulong)Request);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], (uint)Index);
        span[20] = More ? MoreFlag : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(span[21..], (uint)Events.Count);
        var at = HeaderLength;
        foreach (var e in Events)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)e.Length);
            e.CopyTo(span[(at + 4)..]);
            at += PerEventOverhead + e.Length;
        }
        return buffer;
    }

    /// <summary>Decodes a payload (framing only: the events are checked by the ledger); false with the problem when it breaks the protocol.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out BatchMessage message, out string? problem)
    {
        message = null!;
        problem = null;
        if (payload.Length > MeshLimits.MaxBatchBytes) problem = $"batch is {payload.Length} bytes; the limit is {MeshLimits.MaxBatchBytes}";
        else if (payload.Length < HeaderLength || !payload.StartsWith(Magic)) problem = "batch does not start with the KIOSKBT1 header";
        if (problem is not null) return false;
        var request = BinaryPrimitives.ReadUInt64BigEndian(payload[8..]);
        var index = BinaryPrimitives.ReadUInt32BigEndian(payload[16..]);
        var flags = payload[20];
        var count = BinaryPrimitives.ReadUInt32BigEndian(payload[21..]);
        if (request > long.MaxValue || index > int.MaxValue) problem = "batch: request or index out of range";
        else if ((flags & ~MoreFlag) != 0) problem = $"batch: unknown flags 0x{flags:x2}";
        else if (count > (uint)((payload.Length - HeaderLength) / (PerEventOverhead + EventEncoding.MinLength))) problem = $"batch claims {count} events, more than its {payload.Length} bytes can hold";
        if (problem is not null) return false;
        var events = new List<byte[]>((int)count);
        var at = HeaderLength;
        for (var i = 0; i < count; i++)
        {
            if (at + PerEventOverhead > payload.Length)
            {
                problem = $"batch ends inside event {i + 1} of {count}";
                return false;
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(payload[at..]);
            if (length > EventEncoding.MaxLength || at + PerEventOverhead + (long)length > payload.Length)
            {
                problem = $"batch: event {i + 1} of {count} claims {length} bytes, past the batch's end or the event size limit";
                return false;
            }
            events.Add(payload.Slice(at + PerEventOverhead, (int)length).ToArray());
            at += PerEventOverhead + (int)length;
        }
        if (at != payload.Length)
        {
            problem = $"batch has {payload.Length - at} bytes after its last event";
            return false;
        }
        message = new BatchMessage((long)request, (int)index, (flags & MoreFlag) != 0, events);
        return true;
    }
}
