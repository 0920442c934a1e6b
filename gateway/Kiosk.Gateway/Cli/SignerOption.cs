using Kiosk.Gateway.Data;
using Kiosk.Ledger;
using System.CommandLine;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>--as NAME</c>: which facilitator signs the event a command writes — their key-file name in keys/ (facilitator-ana)
/// or the name they were added under (Ana), when their key is in this data folder.
/// </summary>
public static class SignerOption
{
    /// <summary>Creates the option (each command owns its instance).</summary>
    public static Option<string> Create() => new("--as")
    {
        Description = "The facilitator who signs the event: their key-file name in the data folder's keys/ (facilitator-ana) or their name (Ana).",
        HelpName = "NAME",
        DefaultValueFactory = _ => DataFolder.FounderKeyName,
    };

    /// <summary>The signing key <paramref name="option"/> names; a <see cref="UserErrorException"/> suggesting the closest name otherwise.</summary>
    public static AuthorKeyPair Read(CommandContext context, Option<string> option, Kiosk.Ledger.Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ledger);
        var given = context.Get(option)!;
        var local = LocalKeys.ByPublicKey(context.Data);
        if (local.Values.Contains(given, StringComparer.Ordinal)) return context.Data.ReadKey(given);
        var named = ledger.Authority.Members.Values
            .Where(m => m.Role == Role.Facilitator && !m.IsRemoved && string.Equals(m.Name, given, StringComparison.Ordinal) && local.ContainsKey(m.Key)).ToList();
        if (named.Count == 1) return context.Data.ReadKey(local[named[0].Key]);
        if (named.Count > 1) throw new UserErrorException($"--as {given}: several facilitators of that name have a key here; give the key-file name ({string.Join(", ", named.Select(m => local[m.Key]))})");
        // Not found by either name: let the key file's own error speak when the file is there but unreadable.
        if (File.Exists(Path.Combine(context.Data.KeysPath, given + ".key"))) return context.Data.ReadKey(given);
        var known = local.Values.Concat(ledger.Authority.Members.Values.Where(m => m.Role == Role.Facilitator && local.ContainsKey(m.Key)).Select(m => m.Name)).ToList();
        throw new UserErrorException($"--as {given}: no key of that name in {context.Data.KeysPath}"
            + NameSuggestion.Hint(given, known, "keys", "add a facilitator with kiosk facilitator add --name NAME"));
    }
}
