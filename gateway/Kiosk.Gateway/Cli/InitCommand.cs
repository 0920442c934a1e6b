using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk init</c>: founds a new assembly in the data folder (genesis event, founding facilitator key, the console's TLS certificate).</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The assembly's name.", Required = true };
        var languages = new Option<string>("--languages") { Description = "Comma-separated language codes.", DefaultValueFactory = _ => "en,es" };
        var command = new Command("init", "Found a new assembly: writes the genesis event and the founding facilitator's key.") { name, languages };
        command.SetAction(async context =>
        {
            var result = await FoundAsync(context.Data, context.Get(name)!, context.Get(languages)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), context.Cancellation);
            if (context.Json)
            {
                await context.WriteJsonAsync(result);
            }
            else
            {
                await context.Output.WriteLineAsync($"Founded assembly \"{result.Name}\" ({result.Assembly})");
                await context.Output.WriteLineAsync($"  ledger:       {result.Ledger}");
                await context.Output.WriteLineAsync($"  founder key:  {result.FounderKeyFile} (public {result.FounderKey}; keep this file safe, mode 0600)");
                await context.Output.WriteLineAsync($"  console TLS:  {result.ConsoleCertificateFile} (SHA-256 {result.ConsoleFingerprint})");
                await context.Output.WriteLineAsync("Next: kiosk facilitator add --name NAME, kiosk gateway enrol --name NAME");
            }
            return 0;
        });
        return command;
    }

    /// <summary>What <c>init</c> made.</summary>
    public sealed record Founded(string Assembly, string Name, string Ledger, string FounderKey, string FounderKeyFile, string GenesisId, string ConsoleCertificateFile, string ConsoleFingerprint);

    /// <summary>Creates the founder key and the genesis; refuses a folder that already holds a ledger.</summary>
    public static async Task<Founded> FoundAsync(DataFolder data, string name, string[] languages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.HasLedger) throw new UserErrorException($"{data.LedgerPath} already holds a ledger; use another --data folder");
        if (File.Exists(data.KeyPath(DataFolder.FounderKeyName))) throw new UserErrorException($"{data.KeyPath(DataFolder.FounderKeyName)} already exists; use another --data folder");
        using var founder = data.CreateKey(DataFolder.FounderKeyName);
        await using var ledger = data.OpenLedger(mustExist: false);
        var result = await ledger.FoundAsync(founder, name, languages, cancellationToken);
        if (result.Event is not { } genesis)
        {
            await ledger.DisposeAsync();
            File.Delete(data.LedgerPath);
            File.Delete(data.KeyPath(DataFolder.FounderKeyName));
            throw new UserErrorException($"cannot found the assembly: {result.Rejection!.Message}");
        }
        // The console's certificate now, so its fingerprint can be noted before any laptop connects.
        using var certificate = ConsoleCertificate.LoadOrCreate(data.ConsoleCertificatePath);
        return new Founded(genesis.Assembly.ToString(), name, data.LedgerPath, founder.PublicKey.ToHex(), data.KeyPath(DataFolder.FounderKeyName), genesis.Id.ToHex(),
            data.ConsoleCertificatePath, ConsoleCertificate.Fingerprint(certificate));
    }
}
