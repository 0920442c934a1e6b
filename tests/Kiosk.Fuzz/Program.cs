using Kiosk.Fuzz;
using SharpFuzz;

// kiosk-fuzz TARGET: runs TARGET under afl-fuzz (SharpFuzz's in-process loop); outside afl-fuzz it reads one input
// from stdin and runs it once, which is how a crash found by afl++ is reproduced by hand.
if (args.Length != 1 || !FuzzTargets.Names.Contains(args[0]))
{
    await Console.Error.WriteLineAsync($"usage: kiosk-fuzz TARGET   (targets: {string.Join(", ", FuzzTargets.Names)})");
    return 2;
}
// The target is made inside the loop, on its first input: instrumented code may only run once SharpFuzz has set up
// afl's coverage map, and a target's constructor already runs Kiosk code (a ledger, the kind registry).
IFuzzTarget? target = null;
try
{
    Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target ??= FuzzTargets.Create(args[0])!;
        target.Run(buffer.ToArray());
    });
}
finally
{
    target?.Dispose();
}
return 0;
