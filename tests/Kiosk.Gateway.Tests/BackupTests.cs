using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Microsoft.Data.Sqlite;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// <c>kiosk backup FILE</c> and <c>kiosk restore FILE</c>: a backup taken while <c>kiosk run</c> takes votes holds every vote
/// acknowledged before it began (open votes in the ledger, secret ones in the ledger or the ballot box), and the restored
/// folder runs and votes; a wrong passphrase, an altered, cut or foreign file and a non-empty folder are refused with a
/// sentence and change nothing.
/// </summary>
public sealed class BackupTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";
    private const string Secret = "motion-quiet-hours"; // a secret ballot of the demo: its votes wait in the ballot box for a batch
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kiosk-backup-" + Guid.NewGuid().ToString("N")[..12]);
    private IReadOnlyList<string> _codes = [];

    private string Data => Path.Combine(_root, "data");
    private string Backup => Path.Combine(_root, "elm.kbak");
    private string PassphraseFile => Path.Combine(_root, "passphrase");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(PassphraseFile, Passphrase + "\n");
        _codes = await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(Data)), 60, CancellationToken.None, argonMemoryKiB: 8 * 1024, showOfHands: true);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<CliRunner.Run> KioskAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await KioskCli.RunAsync(args, output, error);
        return new CliRunner.Run(code, output.ToString(), error.ToString());
    }

    private static Task<GatewayHost> StartAsync(string data) => GatewayHost.StartAsync(new GatewayOptions { DataPath = data, GatewayKeyName = DemoAssembly.GatewayKey });

    [Fact]
    public async Task A_backup_taken_while_voting_restores_every_vote_acked_before_it_and_the_restored_gateway_votes()
    {
        var accepted = new int[2]; // open, secret
        int openBefore, secretBefore;
        await using (var host = await StartAsync(Data))
        {
            using var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var voting = Task.Run(async () =>
            {
                for (var i = 0; i < 50 && !stop.IsCancellationRequested; i++)
                {
                    var open = i % 2 == 0;
                    var outcome = await host.Context.Desk.CastWithCodeAsync(open ? DemoAssembly.ShowOfHands : Secret, _codes[i], ["yes"]);
                    Assert.True(outcome.IsAccepted, outcome.Refusal?.Code);
                    Interlocked.Increment(ref accepted[open ? 0 : 1]);
                    if (i == 5) started.SetResult(); // three of each acked: back up while the rest are cast
                }
            });
            await started.Task.WaitAsync(Deadline);
            openBefore = Volatile.Read(ref accepted[0]);
            secretBefore = Volatile.Read(ref accepted[1]);
            var backup = await KioskAsync("backup", Backup, "--passphrase-file", PassphraseFile, "--data", Data);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.Contains($"to {Backup}", backup.Output, StringComparison.Ordinal);
            await stop.CancelAsync();
            await voting;
        }
        Assert.DoesNotContain(Passphrase, await File.ReadAllTextAsync(Backup), StringComparison.Ordinal);

        var restoredData = Path.Combine(_root, "restored");
        var restore = await KioskAsync("restore", Backup, "--passphrase-file", PassphraseFile, "--data", restoredData);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("Restored", restore.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(restoredData, "mesh", "status.json")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(restoredData, "keys", DemoAssembly.GatewayKey + ".key")));
        var verify = await KioskAsync("verify", "--data", restoredData);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var (openInLedger, secretInLedger) = VotesInLedger(restoredData);
        Assert.InRange(openInLedger, openBefore, accepted[0]);
        // The queue is copied before the ledger, so a batch published in between is in both: the restored gateway's
        // recovery publishes only what its box lacks, so each secret vote counts once, whichever copy holds it.
        var secretVotes = secretInLedger.Union(Queued(restoredData), StringComparer.Ordinal).Count();
        Assert.InRange(secretVotes, secretBefore, accepted[1]);
        Assert.Equal(ConsoleCertificate.FingerprintOf(new DataFolder(new DirectoryInfo(Data)).ConsoleCertificatePath),
            ConsoleCertificate.FingerprintOf(new DataFolder(new DirectoryInfo(restoredData)).ConsoleCertificatePath));

        await using (var restored = await StartAsync(restoredData))
        {
            var vote = await restored.Context.Desk.CastWithCodeAsync(DemoAssembly.ShowOfHands, _codes[^1], ["no"]);
            Assert.True(vote.IsAccepted, vote.Refusal?.Code);
        }
    }

    [Fact]
    public async Task A_wrong_passphrase_an_altered_a_cut_or_a_foreign_file_is_refused_and_nothing_is_restored()
    {
        Assert.Equal(0, (await KioskAsync("backup", Backup, "--passphrase-file", PassphraseFile, "--data", Data)).ExitCode);
        var bytes = await File.ReadAllBytesAsync(Backup);
        var wrong = Path.Combine(_root, "wrong");
        await File.WriteAllTextAsync(wrong, "incorrect horse battery staple\n");
        var altered = Path.Combine(_root, "altered.kbak");
        var middle = (byte[])bytes.Clone();
        middle[middle.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(altered, middle);
        var cut = Path.Combine(_root, "cut.kbak");
        await File.WriteAllBytesAsync(cut, bytes[..^40]);
        var foreign = Path.Combine(_root, "foreign.kbak");
        await File.WriteAllTextAsync(foreign, "PK this is a zip, not a backup");

        (string File, string Passphrase, string Sentence)[] cases =
        [
            (Backup, wrong, "the passphrase does not open it"),
            (altered, PassphraseFile, "fails its check (the file was altered or damaged)"),
            (cut, PassphraseFile, "(the file was cut short)"),
            (foreign, PassphraseFile, "it is not a Kiosk backup"),
        ];
        foreach (var (file, passphrase, sentence) in cases)
        {
            var target = Path.Combine(_root, "target-" + Path.GetFileName(file));
            var run = await KioskAsync("restore", file, "--passphrase-file", passphrase, "--data", target);
            Assert.Equal(CliRun.UserError, run.ExitCode);
            Assert.Contains(sentence, run.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was restored", run.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(target), $"{file} left {target} behind");
        }
    }

    [Fact]
    public async Task A_folder_that_is_not_empty_is_refused_unless_forced_and_then_its_contents_are_moved_aside()
    {
        Assert.Equal(0, (await KioskAsync("backup", Backup, "--passphrase-file", PassphraseFile, "--data", Data)).ExitCode);
        var again = await KioskAsync("backup", Backup, "--passphrase-file", PassphraseFile, "--data", Data);
        Assert.Equal(CliRun.UserError, again.ExitCode);
        Assert.Contains("already exists; choose another name, or add --force", again.Error, StringComparison.Ordinal);

        var target = Path.Combine(_root, "busy");
        Directory.CreateDirectory(target);
        var note = Path.Combine(target, "note.txt");
        await File.WriteAllTextAsync(note, "kept");
        var refused = await KioskAsync("restore", Backup, "--passphrase-file", PassphraseFile, "--data", target);
        Assert.Equal(CliRun.UserError, refused.ExitCode);
        Assert.Contains($"{target} is not empty (it holds note.txt): restore into an empty folder, or add --force", refused.Error, StringComparison.Ordinal);
        Assert.Equal([note], Directory.GetFileSystemEntries(target));

        var forced = await KioskAsync("restore", Backup, "--force", "--passphrase-file", PassphraseFile, "--data", target);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        var aside = Assert.Single(Directory.GetDirectories(target, DataFolderBackup.ReplacedPrefix + "*"));
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(aside, "note.txt")));
        Assert.True(File.Exists(Path.Combine(target, "ledger.db")));
        Assert.False(File.Exists(note));
    }

    [Fact]
    public async Task A_restore_into_a_folder_a_running_gateway_serves_is_refused_and_changes_nothing()
    {
        Assert.Equal(0, (await KioskAsync("backup", Backup, "--passphrase-file", PassphraseFile, "--data", Data)).ExitCode);
        await using (var host = await StartAsync(Data))
        {
            var before = Directory.GetFileSystemEntries(Data).Order(StringComparer.Ordinal).ToList();
            var refused = await KioskAsync("restore", Backup, "--force", "--passphrase-file", PassphraseFile, "--data", Data);
            Assert.Equal(CliRun.UserError, refused.ExitCode);
            Assert.Contains($"a running gateway (kiosk run) holds the data folder {Data}: stop it first", refused.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was restored", refused.Error, StringComparison.Ordinal);
            // The running gateway may add its own files meanwhile (a head record written a moment after a commit), so the
            // check is that the restore moved nothing aside and took nothing away.
            Assert.Empty(Directory.GetDirectories(Data, DataFolderBackup.ReplacedPrefix + "*"));
            Assert.All(before, entry => Assert.True(Path.Exists(entry), entry + " is gone"));
        }

        // Once the gateway has stopped, the same restore runs, and the lock file stays in place rather than moving aside.
        var forced = await KioskAsync("restore", Backup, "--force", "--passphrase-file", PassphraseFile, "--data", Data);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        var aside = Assert.Single(Directory.GetDirectories(Data, DataFolderBackup.ReplacedPrefix + "*"));
        Assert.False(File.Exists(Path.Combine(aside, FolderLock.FileName)));
        Assert.True(File.Exists(Path.Combine(Data, FolderLock.FileName)));
    }

    /// <summary>How many open votes the ledger holds, and the secret ballot's vote bodies (base64) in its box.</summary>
    private static (int Open, List<string> Secret) VotesInLedger(string data)
    {
        using var ledger = new DataFolder(new DirectoryInfo(data)).OpenLedger();
        var votes = ledger.ReadAll().Where(e => e.Kind == global::Kiosk.Voting.Ballots.VotingKinds.VoteCast).Select(e => e.Body.ToArray()).ToList();
        bool Names(byte[] body, string ballot) => System.Text.Encoding.UTF8.GetString(body).Contains(ballot, StringComparison.Ordinal);
        return (votes.Count(b => Names(b, DemoAssembly.ShowOfHands)), votes.Where(b => Names(b, Secret)).Select(Convert.ToBase64String).ToList());
    }

    /// <summary>The secret ballot's vote bodies (base64) waiting in the queue.</summary>
    private static List<string> Queued(string data)
    {
        var path = Path.Combine(data, global::Kiosk.Voting.Box.WaitingVoteStore.FileName);
        if (!File.Exists(path)) return [];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT body FROM queued WHERE ballot = '{Secret}';";
        using var reader = command.ExecuteReader();
        var bodies = new List<string>();
        while (reader.Read()) bodies.Add(Convert.ToBase64String((byte[])reader.GetValue(0)));
        return bodies;
    }
}
