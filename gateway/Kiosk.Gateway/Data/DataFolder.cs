using System.Text.RegularExpressions;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Data;

/// <summary>
/// A gateway's data folder: <c>ledger.db</c> (the SQLite ledger) and <c>keys/NAME.key</c> (Ed25519 seeds,
/// mode 0600). Everything an assembly owns lives here, in open formats.
/// </summary>
public sealed partial class DataFolder
{
    /// <summary>The key name <c>kiosk init</c> gives the founding facilitator.</summary>
    public const string FounderKeyName = "founder";

    /// <summary>Wraps <paramref name="root"/> (it need not exist yet).</summary>
    public DataFolder(DirectoryInfo root) => Root = root ?? throw new ArgumentNullException(nameof(root));

    /// <summary>The folder.</summary>
    public DirectoryInfo Root { get; }

    /// <summary>The ledger file.</summary>
    public string LedgerPath => Path.Combine(Root.FullName, "ledger.db");

    /// <summary>The keys folder.</summary>
    public string KeysPath => Path.Combine(Root.FullName, "keys");

    /// <summary>The console's TLS certificate (<c>tls/console.pfx</c>, owner-only; see <see cref="Host.ConsoleCertificate"/>).</summary>
    public string ConsoleCertificatePath => Path.Combine(Root.FullName, "tls", "console.pfx");

    /// <summary>True when the folder holds a ledger.</summary>
    public bool HasLedger => File.Exists(LedgerPath);

    /// <summary>The kinds a gateway knows: the ledger's own and the voting kinds.</summary>
    public static KindRegistry Kinds() => Kiosk.Voting.Ballots.VotingKinds.CreateRegistry();

    /// <summary>
    /// Opens the ledger; <see cref="UserErrorException"/> when there is none, or when it fails the start-up check
    /// (<see cref="LedgerIntegrity"/>): nothing is served from a ledger whose stored state differs from its events. A
    /// feed that is only rolled back (it ends before its head record) stops no gateway when
    /// <paramref name="allowRolledBack"/> (<c>kiosk run</c>): the events it holds are sound, the ledger refuses to write
    /// that feed until its lost events are back, and getting them back from peers needs the gateway running.
    /// </summary>
    public Kiosk.Ledger.Ledger OpenLedger(bool mustExist = true, bool check = true, bool allowRolledBack = false)
    {
        // Inside a running gateway (a command sent over its control socket) the one ledger it serves is the one to write.
        if (ServedLedger is { } served) return served;
        if (mustExist && !HasLedger)
            throw new UserErrorException($"no ledger in {Root.FullName}: run `kiosk init --name \"…\" --data {Root.FullName}` or `kiosk import` first");
        if (check && LedgerIntegrity.Check(LedgerPath, Kinds()) is { IsValid: false } report && (!allowRolledBack || report.Problems.Any(p => p.Code != VerifyCodes.FeedRolledBack)))
        {
            // A ledger the disk cannot open (full, read-only) is not a damaged ledger: say what to do about the disk.
            if (StorageErrors.Describe(report) is { } sentence) throw new UserErrorException(sentence);
            throw new UserErrorException($"the ledger fails its start-up check, so nothing is served from it: {report.Summary()}. Run `kiosk verify --data {Root.FullName}` for the full list");
        }
        try
        {
            return Kiosk.Ledger.Ledger.Open(LedgerPath, new LedgerOptions { Kinds = Kinds() });
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (StorageErrors.IsReadOnly(e) && HasLedger)
        {
            // Read-only media (a backup disk, a card mounted read-only): what only reads still works; a write says why not.
            return Kiosk.Ledger.Ledger.Open(LedgerPath, new LedgerOptions { Kinds = Kinds(), ReadOnly = true });
        }
    }

    /// <summary>The path of the key file named <paramref name="name"/>.</summary>
    public string KeyPath(string name)
    {
        if (!KeyNamePattern().IsMatch(name)) throw new UserErrorException($"'{name}' is not a usable key name (letters, digits, '-' and '_')");
        return Path.Combine(KeysPath, name + ".key");
    }

    /// <summary>Reads the key named <paramref name="name"/>.</summary>
    public AuthorKeyPair ReadKey(string name)
    {
        try
        {
            return KeyFile.Read(KeyPath(name));
        }
        catch (KeyFileException e)
        {
            throw new UserErrorException(e.Message);
        }
    }

    /// <summary>Creates the keys folder (when missing), readable by its owner only.</summary>
    public void CreateKeysFolder()
    {
        Directory.CreateDirectory(KeysPath);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(KeysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Generates and writes a new key named <paramref name="name"/>; refuses to overwrite one.</summary>
    public AuthorKeyPair CreateKey(string name)
    {
        var path = KeyPath(name);
        if (File.Exists(path)) throw new UserErrorException($"key file {path} already exists; choose another name");
        CreateKeysFolder();
        var key = AuthorKeyPair.Generate();
        KeyFile.Write(path, key);
        return key;
    }

    /// <summary>
    /// The public key of a new member: the one given with <c>--key</c> (made on their own machine), or a key created
    /// here in <c>keys/PREFIX-NAME.key</c>, whose path is returned too.
    /// </summary>
    public (Bytes32 PublicKey, string? KeyFile) NewMemberKey(string? givenHex, string prefix, string name)
    {
        if (givenHex is not null) return (LedgerWrites.ParseKey(givenHex, "--key"), null);
        var fileName = Slug(prefix, name);
        using var created = CreateKey(fileName);
        return (created.PublicKey, KeyPath(fileName));
    }

    /// <summary>A key-file name made from a person's or gateway's name.</summary>
    public static string Slug(string prefix, string name)
    {
        var slug = SlugPattern().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return string.IsNullOrEmpty(slug) ? prefix : $"{prefix}-{slug}";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex KeyNamePattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}
