using System.Collections.Concurrent;

namespace Kiosk.Gateway.Data;

public sealed partial class DataFolder
{
    // The ledgers this process serves (a running gateway's), by folder: a command run inside the gateway for the control
    // socket must write through that one ledger, never a second instance that numbers the gateway's feed on its own.
    private static readonly ConcurrentDictionary<string, Kiosk.Ledger.Ledger> ServedLedgers = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers <paramref name="ledger"/> (pinned by its owner) as the one this process serves for this folder: from now
    /// on <see cref="OpenLedger"/> here returns it, until the returned handle is disposed.
    /// </summary>
    public IDisposable Serve(Kiosk.Ledger.Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var key = FolderKey;
        if (!ServedLedgers.TryAdd(key, ledger)) throw new UserErrorException($"this process already serves the data folder {key}");
        return new Registration(key, ledger);
    }

    /// <summary>True when this process serves the folder (a gateway runs on it here).</summary>
    public bool IsServedHere => ServedLedgers.ContainsKey(FolderKey);

    private Kiosk.Ledger.Ledger? ServedLedger => ServedLedgers.TryGetValue(FolderKey, out var ledger) ? ledger : null;

    private string FolderKey => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Root.FullName));

    private sealed class Registration(string key, Kiosk.Ledger.Ledger ledger) : IDisposable
    {
        public void Dispose() => ServedLedgers.TryRemove(KeyValuePair.Create(key, ledger));
    }
}
