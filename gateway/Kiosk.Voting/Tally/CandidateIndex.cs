using System.Runtime.CompilerServices;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Candidate names to indices while reading a file: with a declared list it is the complete list and other names are errors;
/// without one, names are added in order of first appearance. Names are looked up as spans of the row being read; the key is a
/// struct so that the dictionary's code is specialised for it rather than shared (a shared generic lookup costs a runtime
/// helper call per cell).
/// </summary>
internal sealed class CandidateIndex
{
    private readonly Dictionary<Name, int> _index = new(NameComparer.Instance);
    private readonly Dictionary<Name, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly List<string> _names = [];
    private readonly bool _closed;

    public CandidateIndex(IReadOnlyList<string>? declared, string what = "candidate")
    {
        What = what;
        _bySpan = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        if (declared is null) return;
        foreach (var name in declared.Select(d => d.Trim()).Where(d => d.Length > 0))
        {
            if (_index.TryAdd(new Name(name), _names.Count)) _names.Add(name);
        }
        _closed = true;
    }

    public string What { get; }

    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// The index of a name read from a file (no string is made of it unless it is new), adding it when the list is open;
    /// -1 when the list is declared and lacks it (<see cref="Unknown"/> says so).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(ReadOnlySpan<char> name)
    {
        if (_bySpan.TryGetValue(name, out var i)) return i;
        if (_closed) return -1;
        var added = name.ToString();
        _index.Add(new Name(added), _names.Count);
        _names.Add(added);
        return _names.Count - 1;
    }

    /// <summary>The message for a name the declared list lacks.</summary>
    public string Unknown(ReadOnlySpan<char> name) => $"unknown {What} '{name}' (not among the declared: {string.Join(", ", _names)})";

    private readonly record struct Name(string Text);

    private sealed class NameComparer : IEqualityComparer<Name>, IAlternateEqualityComparer<ReadOnlySpan<char>, Name>
    {
        public static readonly NameComparer Instance = new();

        public bool Equals(Name x, Name y) => string.Equals(x.Text, y.Text, StringComparison.Ordinal);

        public int GetHashCode(Name obj) => string.GetHashCode(obj.Text.AsSpan(), StringComparison.Ordinal);

        public bool Equals(ReadOnlySpan<char> alternate, Name other) => alternate.SequenceEqual(other.Text);

        public int GetHashCode(ReadOnlySpan<char> alternate) => string.GetHashCode(alternate, StringComparison.Ordinal);

        public Name Create(ReadOnlySpan<char> alternate) => new(alternate.ToString());
    }
}
