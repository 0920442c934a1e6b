namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// Tests that run several gateway processes for a minute or more (packet loss, kills, discovery): one at a time, after
/// the tests that run in parallel, so that on a small machine they do not starve each other's processes (their timing
/// is never asserted, but a starved process can take minutes to start).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "gateway processes, alone";
}
