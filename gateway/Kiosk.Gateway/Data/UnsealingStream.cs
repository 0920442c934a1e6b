using System.Buffers.Binary;
using NSec.Cryptography;

namespace Kiosk.Gateway.Data;

/// <summary>
/// A read-only stream of the text of <see cref="BackupCipher"/> chunks; a chunk that fails its check, a file that ends
/// before its last chunk, or bytes after it throw <see cref="BackupDamagedException"/>.
/// </summary>
internal sealed class UnsealingStream(Stream input, Key key, byte[] header) : Stream
{
    private byte[] _chunk = [];
    private int _offset;
    private ulong _number;
    private bool _last;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _chunk.Length)
        {
            if (_last) return 0;
            Next();
        }
        var take = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsSpan(_offset, take).CopyTo(buffer);
        _offset += take;
        return take;
    }

    /// <summary>Reads to the end, so a file whose last chunk is missing is found damaged even when the archive inside looked complete.</summary>
    public void ReadToEnd()
    {
        var sink = new byte[64 * 1024];
        while (Read(sink) > 0) { }
    }

    private void Next()
    {
        Span<byte> length = stackalloc byte[4];
        if (!BackupCipher.ReadExactly(input, length)) throw new BackupDamagedException($"it ends after part {_number} without its last part (the file was cut short)");
        var size = BinaryPrimitives.ReadUInt32BigEndian(length);
        if (size < BackupCipher.TagSize || size > BackupCipher.ChunkSize + BackupCipher.TagSize) throw new BackupDamagedException($"part {_number + 1} has an impossible length (the file was altered)");
        var sealedBytes = new byte[size];
        if (!BackupCipher.ReadExactly(input, sealedBytes)) throw new BackupDamagedException($"part {_number + 1} is cut short (the file was cut short)");
        var text = BackupCipher.Unseal(key, header, _number, last: false, sealedBytes);
        if (text is null)
        {
            text = BackupCipher.Unseal(key, header, _number, last: true, sealedBytes) ?? throw new BackupDamagedException($"part {_number + 1} fails its check (the file was altered or damaged)");
            _last = true;
            if (input.ReadByte() != -1) throw new BackupDamagedException("bytes follow its last part (the file was altered)");
        }
        _number++;
        _chunk = text;
        _offset = 0;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
