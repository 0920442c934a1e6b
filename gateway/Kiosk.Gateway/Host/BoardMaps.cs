using Kiosk.Gateway.Data;
using Kiosk.Hardware;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Finds and checks a pin map: a path to a JSON file, or the name of a board built into the program from
/// <c>hardware/boards/*.json</c>. A map that does not check out stops the gateway with every problem, naming the file.
/// </summary>
public static class BoardMaps
{
    private const string Prefix = "Kiosk.Boards.";
    private const string Extension = ".json";

    /// <summary>The names of the built-in boards.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [.. typeof(BoardMaps).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(Extension, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^Extension.Length]).Order(StringComparer.Ordinal)];

    /// <summary>The checked map of <paramref name="board"/> (a name or a file), or a <see cref="UserErrorException"/> saying what is wrong.</summary>
    public static BoardPinMap Load(string board)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(board);
        PinMapResult result;
        string source;
        if (BuiltIn.Contains(board, StringComparer.Ordinal))
        {
            source = $"hardware/boards/{board}{Extension}";
            using var reader = new StreamReader(typeof(BoardMaps).Assembly.GetManifestResourceStream(Prefix + board + Extension)!);
            result = PinMapFile.Parse(reader.ReadToEnd(), source);
        }
        else if (File.Exists(board) || board.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) || board.Contains('/', StringComparison.Ordinal))
        {
            source = Path.GetFullPath(board);
            result = PinMapFile.Load(source);
        }
        else
        {
            throw new UserErrorException($"--board {board}: no such board (built in: {string.Join(", ", BuiltIn)}) and no such file");
        }
        if (!result.IsValid)
            throw new UserErrorException($"pin map {source} is not usable: {string.Join("; ", result.Errors)}");
        return result.Map!;
    }
}
