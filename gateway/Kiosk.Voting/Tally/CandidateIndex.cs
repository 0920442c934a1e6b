namespace Kiosk.Voting.Tally;

/// <summary>
/// Candidate names to indices while reading a file: with a declared list it is the complete list and other names are errors;
/// without one, names are added in order of first appearance.
/// </summary>
internal sealed class CandidateIndex
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly bool _closed;

    public CandidateIndex(IReadOnlyList<string>? declared, string what = "candidate")
    {
        What = what;
        if (declared is null) return;
        foreach (var name in declared.Select(d => d.Trim()).Where(d => d.Length > 0))
        {
            if (_index.ContainsKey(name)) continue;
            _index[name] = _names.Count;
            _names.Add(name);
        }
        _closed = true;
    }

    public string What { get; }

    public IReadOnlyList<string> Names => _names;

    public Outcome<int> Find(string name, int line, int column)
    {
        if (_index.TryGetValue(name, out var i)) return i;
        if (_closed) return Outcome<int>.Failure($"unknown {What} '{name}' (not among the declared: {string.Join(", ", _names)})", line, column);
        _index[name] = _names.Count;
        _names.Add(name);
        return _names.Count - 1;
    }
}
