using System.Text;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// Reads UTF-8 lines from a stream into one buffer of a fixed size, so a line longer than the cap is refused after at
/// most cap + 1 bytes instead of being gathered whole first (a <see cref="StreamReader"/> builds a 100 MB line in memory
/// before anyone can look at it).
/// </summary>
internal sealed class BoundedLineReader
{
    private readonly Stream _source;
    private readonly string _name;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private bool _atEnd;

    /// <param name="source">The stream, read from where it stands.</param>
    /// <param name="name">The file name, for refusals.</param>
    /// <param name="maxLineBytes">The largest line, in bytes, without its line ending.</param>
    public BoundedLineReader(Stream source, string name, int maxLineBytes)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _name = name;
        MaxLineBytes = maxLineBytes;
        // One more than the cap: a full buffer with no line feed is a line over the cap.
        _buffer = new byte[maxLineBytes + 1];
    }

    /// <summary>The largest line, in bytes.</summary>
    public int MaxLineBytes { get; }

    /// <summary>The number of the line last returned (1 for the first).</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its line ending, or null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">The line is longer than <see cref="MaxLineBytes"/>; it names the line.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Decode(_start, newline - _start);
                _start = newline + 1;
                return line;
            }
            if (_atEnd)
            {
                if (_start == _end) return null;
                var last = Decode(_start, _end - _start);
                _start = _end;
                return last;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                throw new InvalidDataException($"{_name}:{LineNumber + 1}: the line is longer than {MaxLineBytes:N0} bytes, more than the largest event takes: this is not a ledger file, or it is damaged");
            var read = await _source.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) _atEnd = true;
            _end += read;
        }
    }

    private string Decode(int start, int length)
    {
        LineNumber++;
        if (length > 0 && _buffer[start + length - 1] == '\r') length--;
        var bytes = _buffer.AsSpan(start, length);
        // A byte order mark before the first line, as some editors write, is not part of the header.
        if (LineNumber == 1 && bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        return Encoding.UTF8.GetString(bytes);
    }
}
