using BenchmarkDotNet.Running;

// Micro-benchmarks of the ledger and the tally engine: dotnet run -c Release --project tests/Kiosk.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
