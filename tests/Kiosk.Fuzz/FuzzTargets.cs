namespace Kiosk.Fuzz;

/// <summary>Every fuzz target by name: what <c>fuzz.sh TARGET</c> runs and what the corpus replay walks.</summary>
public static class FuzzTargets
{
    /// <summary>The target names, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["event", "import", "press", "ballot", "tally", "form"];

    /// <summary>A new instance of the target <paramref name="name"/>, or null when there is none.</summary>
    public static IFuzzTarget? Create(string name) => name switch
    {
        "event" => new EventTarget(),
        "import" => new ImportTarget(),
        "press" => new PressTarget(),
        "ballot" => new BallotFileTarget(),
        "tally" => new TallyFileTarget(),
        "form" => new KioskFormTarget(),
        _ => null,
    };
}
