namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// Tests that run one class at a time, after the classes that run in parallel: those that run several gateway processes
/// for a minute or more (packet loss, kills, discovery), so that on a small machine they do not starve each other's
/// processes (their timing is never asserted, but a starved process can take minutes to start), and those that measure
/// the test process itself (its working set under a flood of connections), so that no other class adds to what is
/// measured. Linked into each test project that has such tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
