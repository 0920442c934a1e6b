namespace Kiosk.Fuzz;

/// <summary>
/// One fuzz target: an input handled as the program handles it from the outside (a file, a payload, a posted form).
/// Refusing bad input is the expected outcome; an exception escaping <see cref="Run"/> is a bug (afl++ counts it a crash,
/// the corpus replay fails on it).
/// </summary>
public interface IFuzzTarget : IDisposable
{
    /// <summary>The name <c>fuzz.sh</c> and the corpus folder use.</summary>
    string Name { get; }

    /// <summary>Handles one input.</summary>
    void Run(byte[] input);
}
