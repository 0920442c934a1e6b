using Kiosk.Gateway.Data;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Host;

/// <summary>
/// What every page of this gateway shares: the data folder, its one ledger, the voting desk writing as this
/// gateway's key, live updates, and the options it was started with.
/// </summary>
public sealed class GatewayContext : IAsyncDisposable
{
    private readonly FolderLock _lock;
    private readonly IAsyncDisposable _pin;
    private readonly IDisposable _served;

    private GatewayContext(GatewayOptions options, DataFolder data, Kiosk.Ledger.Ledger ledger, AuthorKeyPair gateway, FolderLock folderLock)
    {
        // The gateway is the folder's one writer: it holds the lock, and commands it runs for others write through this ledger.
        _lock = folderLock;
        _pin = ledger.Pin();
        _served = data.Serve(ledger);
        Options = options;
        Data = data;
        Ledger = ledger;
        GatewayKey = gateway;
        Desk = new VotingDesk(ledger, gateway, new VotingDeskOptions { Time = options.Time });
        Reports = new BallotReports(ledger, Desk);
        Live = new LiveUpdates(ledger);
    }

    /// <summary>The options the host started with.</summary>
    public GatewayOptions Options { get; }

    /// <summary>The data folder.</summary>
    public DataFolder Data { get; }

    /// <summary>The assembly's ledger (one per data folder and process).</summary>
    public Kiosk.Ledger.Ledger Ledger { get; }

    /// <summary>This gateway's key.</summary>
    public AuthorKeyPair GatewayKey { get; }

    /// <summary>The desk that checks and records votes cast at this gateway.</summary>
    public VotingDesk Desk { get; }

    /// <summary>Every ballot's report, computed once per ledger state for all pages.</summary>
    public BallotReports Reports { get; }

    /// <summary>Commits and controller presses, for pages' live regions.</summary>
    public LiveUpdates Live { get; }

    /// <summary>The assembly's name.</summary>
    public string AssemblyName => Ledger.Authority.AssemblyName ?? "";

    /// <summary>The assembly's languages (the first is its main one).</summary>
    public IReadOnlyList<string> Languages => Ledger.Authority.Languages.Count > 0 ? Ledger.Authority.Languages : ["en"];

    /// <summary>Opens the ledger and the gateway key named in <paramref name="options"/>; refuses a key that is not an enrolled gateway.</summary>
    public static GatewayContext Open(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = new DataFolder(new DirectoryInfo(options.DataPath));
        if (data.IsServedHere || FolderLock.TryTake(data) is not { } folderLock)
            throw new UserErrorException($"another gateway (kiosk run or kiosk demo) is already serving the data folder {data.Root.FullName}, or a command is writing to it: "
                + "stop that gateway first, or give this one a data folder of its own with --data");
        Kiosk.Ledger.Ledger? ledger = null;
        AuthorKeyPair? key = null;
        try
        {
            ledger = data.OpenLedger(allowRolledBack: true);
            key = data.ReadKey(options.GatewayKeyName);
            CheckServing(ledger.Authority, options.GatewayKeyName, key.PublicKey);
            return new GatewayContext(options, data, ledger, key, folderLock);
        }
        catch
        {
            key?.Dispose();
            ledger?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses to serve as <paramref name="publicKey"/> (key file <paramref name="keyName"/>) unless it is an enrolled,
    /// unretired gateway: checked before anything listens, so the refusal is the first thing the user reads.
    /// </summary>
    public static void CheckServing(AuthorityTable authority, string keyName, Bytes32 publicKey)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (authority.RoleOf(publicKey) != Role.Gateway)
            throw new UserErrorException($"key '{keyName}' is not an enrolled gateway of this assembly; enrol it with `kiosk gateway enrol` or choose another with --gateway");
        if (authority.Members[publicKey] is { IsRetired: true } retired)
            throw new UserErrorException($"gateway {retired.Name} was retired from this assembly (its events after #{retired.ValidThroughSeq} do not count): it takes no votes and other gateways refuse it as a peer. Retirement is for good: to bring this machine back, enrol a new key for it with `kiosk gateway enrol --name NAME`");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Live.Dispose();
        _served.Dispose();
        await _pin.DisposeAsync();
        GatewayKey.Dispose();
        _lock.Dispose();
    }
}
