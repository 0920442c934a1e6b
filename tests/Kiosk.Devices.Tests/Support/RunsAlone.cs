namespace Kiosk.Devices.Tests.Support;

/// <summary>
/// Tests that measure this test process (its working set under a flood of connections): one class at a time, after the
/// classes that run in parallel, so that another class's buttons and brokers in the same process neither add to what is
/// measured nor compete with the flood for the cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "measures this process, alone";
}
