using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using nietras.SeparatedValues;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Delimited text read row by row through Sep (an RFC 4180 parser: quoted separators and quoted newlines), streaming, with
/// the line and column of every cell for error messages. Blank lines are skipped; cells are trimmed and unquoted; a quote left
/// open (which would swallow the rest of the file) is an error at the quote. The separator is given, or detected from the
/// first non-blank line: the most frequent of comma, semicolon and tab outside quotes (comma on a tie).
/// </summary>
internal sealed class CsvSheet : IDisposable
{
    private static readonly char[] s_candidates = [',', ';', '\t'];
    private readonly SepReader _reader;
    private char[] _buffer = new char[256];
    private int _nextLine = 1;

    private CsvSheet(SepReader reader, char separator)
    {
        _reader = reader;
        Separator = separator;
    }

    /// <summary>The separator in use.</summary>
    public char Separator { get; }

    /// <summary>The line the current row starts on (1-based).</summary>
    public int Line { get; private set; }

    /// <summary>Cells in the current row.</summary>
    public int Count => _reader.Current.ColCount;

    /// <summary>Opens text for reading; <paramref name="separator"/> null detects it from the first non-blank line.</summary>
    public static CsvSheet Open(TextReader text, char? separator)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = text;
        if (separator is not { } sep)
        {
            // The detecting reads the leading lines; they are handed back to Sep in front of the rest.
            var prefix = new StringBuilder();
            string? line;
            while ((line = text.ReadLine()) is not null)
            {
                prefix.Append(line).Append('\n');
                if (line.Trim().Length > 0) break;
            }
            sep = Detect(line ?? "");
            source = new ReplayReader(prefix.ToString(), text);
        }
        var options = new SepReaderOptions(new Sep(sep)) { HasHeader = false, DisableColCountCheck = true, DisableFastFloat = true };
        return new CsvSheet(options.From(source), sep);
    }

    /// <summary>The most frequent of comma, semicolon and tab outside quotes in a header line; comma when none wins.</summary>
    public static char Detect(ReadOnlySpan<char> header)
    {
        var counts = new int[s_candidates.Length];
        var quoted = false;
        foreach (var ch in header)
        {
            if (ch == '"') quoted = !quoted;
            else if (!quoted && Array.IndexOf(s_candidates, ch) is var k and >= 0) counts[k]++;
        }
        var best = 0;
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > counts[best]) best = k;
        }
        return s_candidates[best];
    }

    /// <summary>Moves to the next non-blank row; false at the end. A row with a quote left open is an error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Outcome<bool> MoveNext()
    {
        while (_reader.MoveNext())
        {
            var row = _reader.Current;
            // Sep's LineNumberFrom is unreliable for the first row; the end of the previous row is where this one starts.
            Line = _nextLine;
            _nextLine = row.LineNumberToExcl;
            if (row.Span.IsWhiteSpace()) continue;
            if (row.Span.Contains('"') && CheckQuotes() is { } open) return open;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The text of cell <paramref name="col"/>, trimmed and unquoted (doubled quotes read as one, text after the closing quote
    /// kept); empty when the row has no such cell. Valid until the next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<char> Cell(int col)
    {
        if (col < 0 || col >= Count) return [];
        var raw = _reader.Current[col].Span.Trim();
        if (raw.Length == 0 || raw[0] != '"') return raw;
        if (_buffer.Length < raw.Length) _buffer = new char[Math.Max(raw.Length, _buffer.Length * 2)];
        var n = 0;
        var i = 1;
        while (i < raw.Length)
        {
            if (raw[i] == '"')
            {
                if (i + 1 < raw.Length && raw[i + 1] == '"')
                {
                    _buffer[n++] = '"';
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            _buffer[n++] = raw[i++];
        }
        while (i < raw.Length) _buffer[n++] = raw[i++];
        return _buffer.AsSpan(0, n).Trim();
    }

    /// <summary>The text of cell <paramref name="col"/> as a string (see <see cref="Cell"/>).</summary>
    public string Text(int col) => Cell(col).ToString();

    /// <summary>
    /// Where cell <paramref name="col"/> starts (its first non-blank character, after an opening quote), plus
    /// <paramref name="offset"/> characters into its text; past the row's end for a missing cell. Quoted newlines move the line.
    /// </summary>
    public (int Line, int Column) Where(int col, int offset = 0)
    {
        var row = _reader.Current;
        var text = row.Span;
        int at;
        if (col < 0 || col >= row.ColCount)
        {
            at = text.Length;
        }
        else
        {
            var cell = row[col].Span;
            at = (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetReference(text), ref MemoryMarshal.GetReference(cell)) / sizeof(char));
            var lead = cell.Length - cell.TrimStart().Length;
            at += lead + (cell.Length > lead && cell[lead] == '"' ? 1 : 0) + offset;
        }
        var before = text[..Math.Min(at, text.Length)];
        var newlines = before.Count('\n');
        var lineStart = before.LastIndexOf('\n') + 1;
        return (Line + newlines, at - lineStart + 1);
    }

    /// <summary>An error at cell <paramref name="col"/> (plus <paramref name="offset"/> characters) of the current row.</summary>
    public TallyError Error(string message, int col, int offset = 0)
    {
        var (line, column) = Where(col, offset);
        return new TallyError(message, null, line, column);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TallyError? CheckQuotes()
    {
        var row = _reader.Current;
        for (var col = 0; col < row.ColCount; col++)
        {
            var raw = row[col].Span;
            if (raw.Count('"') % 2 == 0) continue;
            var quote = raw.IndexOf('"');
            var lead = raw.Length - raw.TrimStart().Length;
            var (line, column) = Where(col, quote - lead - (raw.Length > lead && raw[lead] == '"' ? 1 : 0));
            return new TallyError("a quote is opened here and never closed", null, line, column);
        }
        return null;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>A reader that gives back text already read, then the rest of the source.</summary>
    private sealed class ReplayReader(string prefix, TextReader rest) : TextReader
    {
        private int _at;

        public override int Peek() => _at < prefix.Length ? prefix[_at] : rest.Peek();

        public override int Read() => _at < prefix.Length ? prefix[_at++] : rest.Read();

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (_at >= prefix.Length) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, prefix.Length - _at);
            prefix.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
