using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Gateway.Web.Console;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk passphrase --as KEYNAME</c>: seals a facilitator's key under a passphrase (Argon2id, XChaCha20-Poly1305)
/// so they can log in to the console with it. The passphrase is read from standard input, never from the command line.
/// </summary>
public static class PassphraseCommand
{
    public static Command Create()
    {
        var signer = new Option<string>("--as") { Description = "Name of the facilitator's key (in the data folder's keys/).", Required = true, HelpName = "KEYNAME" };
        var command = new Command("passphrase", "Set the console passphrase of a facilitator (read from standard input).") { signer };
        command.SetAction(async context =>
        {
            var keyName = context.Get(signer)!;
            await using var ledger = context.Data.OpenLedger();
            using var key = context.Data.ReadKey(keyName);
            if (!ledger.Authority.Members.TryGetValue(key.PublicKey, out var member) || !member.Role.HasFlag(Role.Facilitator) || member.IsRemoved)
                throw new UserErrorException($"key '{keyName}' is not a current facilitator of this assembly");
            var passphrase = PassphraseInput.Read(context);
            var sealedKey = PassphraseLock.Create(member.Name, context.Data.KeyPath(keyName), passphrase);
            var path = PassphraseLock.PathOf(context.Data.KeysPath, keyName);
            sealedKey.Write(path);
            if (context.Json) await context.WriteJsonAsync(new PassphraseOutput(member.Name, key.PublicKey.ToHex(), path));
            else await context.Output.WriteLineAsync($"{member.Name} can now log in to the console with this passphrase (sealed key: {path}).");
            return 0;
        });
        return command;
    }

    /// <summary>The --json output of passphrase set.</summary>
    internal sealed record PassphraseOutput(string Facilitator, string Key, string LockFile);
}
