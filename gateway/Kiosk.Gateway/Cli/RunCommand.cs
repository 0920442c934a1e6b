using System.CommandLine;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk run --gateway KEYNAME</c>: serves the kiosk, board and console of the data folder's assembly as an enrolled gateway.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "Name of this gateway's key (in the data folder's keys/); it must be enrolled.", Required = true };
        var serve = new ServeOptions();
        var command = new Command("run", "Run the gateway: the kiosk and board for residents, the console for facilitators.") { gateway };
        serve.AddTo(command);
        command.SetAction(async context =>
        {
            await using var host = await GatewayHost.StartAsync(serve.Read(context, context.Get(gateway)!), context.Cancellation);
            await context.Output.WriteLineAsync($"Gateway {context.Get(gateway)} of \"{host.Context.AssemblyName}\" is running (Ctrl+C to stop):");
            await ServeOptions.PrintUrlsAsync(context.Output, host);
            await host.WaitAsync(context.Cancellation);
            return 0;
        });
        return command;
    }
}
