using Kiosk.Gateway.Cli.Settings;
using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk run [--gateway NAME]</c>: serves the kiosk, board and console of the data folder's assembly as an enrolled
/// gateway. Every option may also come from a <c>KIOSK_*</c> environment variable or the configuration file.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Create(System.Collections.IDictionary? environment = null)
    {
        var settings = new RunSettings(environment);
        var command = new Command("run", "Run the gateway: the kiosk and board for residents, the console for facilitators.");
        settings.AddTo(command);
        command.SetAction(async context =>
        {
            var reader = settings.Reader(context);
            var data = new DataFolder(reader.Get(CommonOptions.Data).Value);
            GatewayName self;
            await using (var ledger = data.OpenLedger(allowRolledBack: true))
            {
                self = GatewayName.Resolve(data, ledger.Authority, reader.Get(settings.Gateway).Value, needKey: true);
                GatewayContext.CheckServing(ledger.Authority, self.KeyName!, self.Gateway.Key); // before the ports: the first problem first
            }
            await using var host = await GatewayHost.StartAsync(settings.Serve.Read(context, reader, self.KeyName!, data.Root.FullName), context.Cancellation);
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
