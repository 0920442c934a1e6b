using System.Buffers.Binary;
using NSec.Cryptography;

namespace Kiosk.Gateway.Data;

/// <summary>A write-only stream that seals what is written into <see cref="BackupCipher"/> chunks; <see cref="Finish"/> writes the last one.</summary>
internal sealed class SealingStream(Stream output, Key key, byte[] header) : Stream
{
    private readonly byte[] _buffer = new byte[BackupCipher.ChunkSize];
    private int _filled;
    private ulong _number;
    private bool _finished;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _buffer.Length) Emit(last: false);
            var take = Math.Min(buffer.Length, _buffer.Length - _filled);
            buffer[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Seals the last chunk (flagged, so a file cut after any earlier chunk is seen as cut).</summary>
    public void Finish()
    {
        if (_finished) return;
        Emit(last: true);
        _finished = true;
    }

    private void Emit(bool last)
    {
        var sealedBytes = BackupCipher.Seal(key, header, _number++, last, _buffer.AsSpan(0, _filled));
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)sealedBytes.Length);
        output.Write(length);
        output.Write(sealedBytes);
        _filled = 0;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
