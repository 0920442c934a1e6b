using Kiosk.Gateway.Cli;
using Kiosk.Tools;

// The developer's kiosk: every product command, plus benchmarks and simulated buttons (never shipped with the service).
return await KioskCli.RunAsync(args, extensions: DeveloperTools.Extensions);
