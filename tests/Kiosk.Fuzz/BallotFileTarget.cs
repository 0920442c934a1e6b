using System.Text;
using Kiosk.Gateway;
using Kiosk.Gateway.Data;

namespace Kiosk.Fuzz;

/// <summary>
/// A ballot file as the console's upload and <c>kiosk ballot publish</c> read it: the same text parsed as YAML and as
/// JSON by <see cref="BallotFile.Parse"/>. A refusal is a <see cref="UserErrorException"/> whose sentence names the file.
/// </summary>
public sealed class BallotFileTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "ballot";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        Parse(text, yaml: true);
        Parse(text, yaml: false);
    }

    private static void Parse(string text, bool yaml)
    {
        try
        {
            var definition = BallotFile.Parse(text, "fuzz", yaml);
            if (definition.Check() is { } problem) throw new InvalidOperationException($"a parsed ballot fails its own check: {problem}");
        }
        catch (UserErrorException e) when (e.Message.StartsWith("fuzz", StringComparison.Ordinal))
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
