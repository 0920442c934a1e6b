using System.Diagnostics;
using System.Globalization;
using Kiosk.Ledger;
using Microsoft.Extensions.Logging;

namespace Kiosk.Hub.Broker;

/// <summary>
/// Keeps a NATS cluster's users file (<see cref="NatsPermissions"/>) in step with the hub's ledgers: when the
/// enrolments call for another file, it writes it (whole, then renamed into place, so a node never reads half of it)
/// and has every node whose process id file it was given reload its configuration (SIGHUP, what
/// <c>systemctl reload nats-server</c> sends). NATS then applies the new permissions to the clients already connected and
/// drops those whose user is gone. Nodes on other machines get the file by whatever copies it there (docs/hub.md).
/// </summary>
public sealed class NatsPermissionKeeper : IBrokerAccessKeeper
{
    private readonly string _file;
    private readonly IReadOnlyList<string> _pidFiles;
    private readonly Bytes32 _hub;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _one = new(1, 1);
    private string? _applied;

    /// <summary>Keeps <paramref name="usersFile"/> for the hub <paramref name="hub"/>, signalling the processes named in <paramref name="pidFiles"/>.</summary>
    public NatsPermissionKeeper(string usersFile, IReadOnlyList<string> pidFiles, Bytes32 hub, ILogger log)
    {
        _file = usersFile ?? throw new ArgumentNullException(nameof(usersFile));
        _pidFiles = pidFiles ?? throw new ArgumentNullException(nameof(pidFiles));
        _hub = hub;
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <inheritdoc />
    public bool InStep(IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired) =>
        _applied is { } applied && applied == NatsPermissions.Users(_hub, desired);

    /// <inheritdoc />
    public async Task<bool> SyncAsync(IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var text = NatsPermissions.Users(_hub, desired);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_applied == text) return true;
            if (!File.Exists(_file) || await File.ReadAllTextAsync(_file, cancellationToken).ConfigureAwait(false) != text)
            {
                var temporary = _file + ".tmp";
                await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
                File.Move(temporary, _file, overwrite: true);
            }
            // Signalled even when the file was already so: a hub stopped between writing and signalling left the nodes behind.
            var reloaded = 0;
            foreach (var pidFile in _pidFiles)
                if (await ReloadAsync(pidFile, cancellationToken).ConfigureAwait(false)) reloaded++;
            var users = desired.Values.Select(v => v.Node).Append(_hub).Distinct().Count();
            if (_pidFiles.Count == 0)
                _log.LogInformation("Hub: wrote the NATS users file {File} ({Users} users): copy it to each node and reload it there", _file, users);
            else
                _log.LogInformation("Hub: NATS users in step with the ledgers ({Users} users), {Reloaded} of {Nodes} nodes reloaded", users, reloaded, _pidFiles.Count);
            if (reloaded < _pidFiles.Count) return false; // tried again at the next look
            _applied = text;
            return true;
        }
        catch (IOException e)
        {
            _log.LogWarning("Hub: cannot write the NATS users file {File}: {Problem}", _file, e.Message);
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            _log.LogWarning("Hub: cannot write the NATS users file {File}: {Problem}", _file, e.Message);
            return false;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Sends SIGHUP to the process whose id <paramref name="pidFile"/> holds; false (logged) when it cannot.</summary>
    private async Task<bool> ReloadAsync(string pidFile, CancellationToken cancellationToken)
    {
        string? problem;
        if (!File.Exists(pidFile)) problem = "no such file (is the node running on this machine?)";
        else if (!int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
            problem = "it holds no process id";
        else problem = await SignalAsync(pid, cancellationToken).ConfigureAwait(false);
        if (problem is null) return true;
        _log.LogWarning("Hub: cannot have the NATS node of {PidFile} reload its users: {Problem}", pidFile, problem);
        return false;
    }

    // .NET sends no signal but SIGKILL, and the product has no native code: kill(1) it is.
    private static async Task<string?> SignalAsync(int pid, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("kill") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-HUP");
        info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException("kill did not start");
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? null : $"kill -HUP {pid}: {(await error.ConfigureAwait(false)).Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run kill: {e.Message}";
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _one.Dispose();
        return ValueTask.CompletedTask;
    }
}
