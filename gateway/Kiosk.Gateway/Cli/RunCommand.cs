using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk run [--gateway NAME]</c>: serves the kiosk, board and console of the data folder's assembly as an enrolled gateway.</summary>
public static class RunCommand
{
    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Create()
    {
        var gateway = GatewayOption.Create("This gateway (its key must be in this data folder)");
        var serve = new ServeOptions();
        var command = new Command("run", "Run the gateway: the kiosk and board for residents, the console for facilitators.") { gateway };
        serve.AddTo(command);
        command.SetAction(async context =>
        {
            GatewayName self;
            await using (var ledger = context.Data.OpenLedger(allowRolledBack: true))
                self = GatewayName.Resolve(context.Data, ledger.Authority, context.Get(gateway), needKey: true);
            await using var host = await GatewayHost.StartAsync(serve.Read(context, self.KeyName!), context.Cancellation);
            await context.Output.WriteLineAsync($"Gateway {self.Name} of \"{host.Context.AssemblyName}\" is running (Ctrl+C to stop):");
            foreach (var feed in host.Context.Ledger.RolledBackFeeds())
                await context.Output.WriteLineAsync($"warning: {MemberName(host.Context.Ledger, feed.Author)}'s feed is rolled back here (it ends at #{feed.Here}, its head record says #{feed.Record}): "
                    + "nothing more is written to it until its events are back from a peer (or kiosk import of an export that holds them).");
            await ServeOptions.PrintUrlsAsync(context.Output, host);
            await host.WaitAsync(context.Cancellation);
            return 0;
        });
        return command;
    }

    private static string MemberName(Kiosk.Ledger.Ledger ledger, Kiosk.Ledger.Bytes32 key) =>
        ledger.Authority.Members.TryGetValue(key, out var member) ? $"{member.Name} ({key.ShortHex})" : key.ShortHex;
}
