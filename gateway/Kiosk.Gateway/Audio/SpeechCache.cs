namespace Kiosk.Gateway.Audio;

/// <summary>
/// Speech already rendered, by text, voice and speed, in memory only (never on disk, so no file's time says when a
/// text was first spoken): the least recently used goes when the cache holds <see cref="MaxEntries"/> clips or
/// <see cref="MaxBytes"/> bytes. Kiosk screens repeat the same few texts, so most of what a resident hears is a hit.
/// </summary>
public sealed class SpeechCache
{
    /// <summary>Most clips kept.</summary>
    public const int MaxEntries = 512;

    /// <summary>Most bytes kept (a clip of a sentence is 50–300 KB of 16-bit 22 kHz audio).</summary>
    public const long MaxBytes = 48L * 1024 * 1024;

    private readonly object _sync = new();
    private readonly Dictionary<(string Voice, int Rate, string Text), LinkedListNode<(string Voice, int Rate, string Text, byte[] Wave)>> _index = [];
    private readonly LinkedList<(string Voice, int Rate, string Text, byte[] Wave)> _order = new();
    private long _bytes;

    /// <summary>Clips kept now.</summary>
    public int Count
    {
        get
        {
            lock (_sync) return _index.Count;
        }
    }

    /// <summary>The clip of <paramref name="text"/> in <paramref name="voice"/> at <paramref name="rate"/>, or null.</summary>
    public byte[]? Find(string voice, int rate, string text)
    {
        lock (_sync)
        {
            if (!_index.TryGetValue((voice, rate, text), out var node)) return null;
            _order.Remove(node);
            _order.AddFirst(node);
            return node.Value.Wave;
        }
    }

    /// <summary>Keeps a clip, making room by dropping the least recently used.</summary>
    public void Add(string voice, int rate, string text, byte[] wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        lock (_sync)
        {
            if (_index.ContainsKey((voice, rate, text))) return;
            _index[(voice, rate, text)] = _order.AddFirst((voice, rate, text, wave));
            _bytes += wave.Length;
            while ((_index.Count > MaxEntries || _bytes > MaxBytes) && _order.Last is { } last)
            {
                _order.RemoveLast();
                _index.Remove((last.Value.Voice, last.Value.Rate, last.Value.Text));
                _bytes -= last.Value.Wave.Length;
            }
        }
    }
}
