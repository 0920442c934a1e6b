using System.Text;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>The archive reader's refusals: an over-long line while it is read, and events of another assembly than the header's.</summary>
public sealed class LedgerArchiveTests
{
    [Fact]
    public async Task A_100_MB_line_is_refused_after_the_cap_without_being_held_in_memory()
    {
        var header = Encoding.UTF8.GetBytes($"{{\"format\":\"kiosk-ledger\",\"version\":1,\"assembly\":\"{new string('0', 32)}\",\"events\":1}}\n");
        using var source = new EndlessLineStream(header, 100L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();
        // The stream completes every read at once, so the whole read runs on this thread and its allocations are counted.
        var task = LedgerArchive.ReadAsync(source, "big.jsonl");
        Assert.True(task.IsCompleted, "the reader awaited something other than the stream");
        var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => task);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith("big.jsonl:2: the line is longer than", refusal.Message, StringComparison.Ordinal);
        // It stopped one byte past the cap: the rest of the 100 MB was never read, and memory stayed near one line's worth.
        Assert.True(source.Position <= header.Length + LedgerArchive.MaxLineBytes + 1, $"read {source.Position:N0} bytes");
        Assert.True(allocated < 4L * LedgerArchive.MaxLineBytes, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_line_at_the_cap_is_read_and_the_largest_event_fits_under_it()
    {
        var largest = Convert.ToBase64String(new byte[EventEncoding.MaxLength]);
        var line = $"{{\"author\":\"{new string('a', 64)}\",\"seq\":9223372036854775807,\"id\":\"{new string('b', 64)}\",\"kind\":\"{new string('K', EventEncoding.MaxKindLength)}\",\"raw\":\"{largest}\"}}";
        Assert.True(Encoding.UTF8.GetByteCount(line) <= LedgerArchive.MaxLineBytes);

        // A line of exactly the cap passes the reader (and then fails on its content, naming the line).
        var padded = "{\"raw\":\"" + new string('A', LedgerArchive.MaxLineBytes - 10) + "\"}";
        Assert.Equal(LedgerArchive.MaxLineBytes, padded.Length);
        var text = "{\"format\":\"kiosk-ledger\",\"version\":1,\"events\":1}\n" + padded + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => LedgerArchive.ReadAsync(stream, "cap.jsonl"));
        Assert.DoesNotContain("longer than", refusal.Message, StringComparison.Ordinal);
        Assert.StartsWith("cap.jsonl:2:", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_of_another_assembly_than_the_header_names_are_refused_by_line()
    {
        using var folder = new TempFolder();
        var feeds = new OfflineFeeds(AuthorKeyPair.Generate());
        await using var ledger = Ledger.Open(folder.File("l.db"), TestKinds.Options());
        await ledger.ReceiveAsync(feeds.Genesis.Raw);
        using var export = new MemoryStream();
        await LedgerArchive.WriteAsync(ledger, export);
        var other = AssemblyId.Derive(AuthorKeyPair.Generate().PublicKey, "other"u8).ToString();
        var text = Encoding.UTF8.GetString(export.ToArray()).Replace(feeds.Genesis.Assembly.ToString(), other, StringComparison.Ordinal);

        using var altered = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => LedgerArchive.ReadAsync(altered, "mixed.jsonl"));
        Assert.Equal($"mixed.jsonl:2: the event belongs to assembly {feeds.Genesis.Assembly} but the header names {other}", refusal.Message);

        export.Position = 0;
        var (header, events) = await LedgerArchive.ReadAsync(export, "same.jsonl");
        Assert.Equal(feeds.Genesis.Assembly.ToString(), header.Assembly);
        Assert.Single(events);
    }

    /// <summary>A header, then one line of 'A's that never ends within <c>length</c> bytes; nothing is held but a counter.</summary>
    private sealed class EndlessLineStream(byte[] header, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => header.Length + length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, Length - _position);
            for (var i = 0; i < n; i++, _position++)
                buffer[i] = _position < header.Length ? header[_position] : (byte)'A';
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
    }
}
