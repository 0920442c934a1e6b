using Kiosk.Ledger;
using Microsoft.Extensions.Logging;

namespace Kiosk.Voting.Ballots;

/// <summary>
/// Keeps the retained <c>ballot/current</c> true: follows <see cref="Ledger.Ledger.Committed"/> and, whenever a ballot
/// is published, opened or closed, works out the roll-call ballot open at this gateway and publishes it. When a
/// facilitator's close arrives it also has the desk write this gateway's CloseSeen, so buttons stop at once. A failure
/// (the ledger or the publish callback throwing) is logged and counted, and the work is tried again after
/// <see cref="RetryDelay"/>: buttons must never stop hearing of ballot changes because one attempt failed.
/// </summary>
public sealed class CurrentBallotPublisher : IAsyncDisposable
{
    private static readonly HashSet<string> Triggers = new(StringComparer.Ordinal)
    {
        VotingKinds.BallotPublished, VotingKinds.BallotOpened, VotingKinds.BallotClosed, VotingKinds.CloseSeen,
    };

    /// <summary>How long a failed attempt waits before the next.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly VotingDesk _desk;
    private readonly Func<CurrentBallot, Task> _publish;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _closed = [];
    private Task? _loop;
    private CurrentBallot? _last;
    private int _failures;

    /// <summary>A publisher following <paramref name="ledger"/> through <paramref name="desk"/>, publishing with <paramref name="publish"/>.</summary>
    public CurrentBallotPublisher(Kiosk.Ledger.Ledger ledger, VotingDesk desk, Func<CurrentBallot, Task> publish, ILogger log, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _desk = desk ?? throw new ArgumentNullException(nameof(desk));
        _publish = publish ?? throw new ArgumentNullException(nameof(publish));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>What was last published.</summary>
    public CurrentBallot? Current => Volatile.Read(ref _last);

    /// <summary>How many attempts failed (each was logged and retried).</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Publishes the current state and starts following the ledger.</summary>
    public async Task StartAsync()
    {
        _ledger.Committed += OnCommitted;
        await UpdateAsync();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// The roll-call ballot open at this gateway (the first by id when several are), or none: the desk's one rule of what
    /// is open here, on its clock, so a ballot past its scheduled close is never offered to buttons.
    /// </summary>
    public static CurrentBallot Compute(VotingDesk desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var open = desk.OpenHere().Where(b => b.Eligibility == BallotDefinition.ByRollCall).OrderBy(b => b.Id, StringComparer.Ordinal).FirstOrDefault();
        if (open is null) return CurrentBallot.None;
        var title = open.Title.TryGetValue("en", out var en) ? en : open.Title.Values.FirstOrDefault();
        return new CurrentBallot(CurrentBallot.OpenState, open.Id, title, [.. open.Options.Select(o => o.Id)]);
    }

    private void OnCommitted(object? sender, LedgerCommittedEventArgs e)
    {
        var relevant = false;
        foreach (var ev in e.Events)
        {
            if (!Triggers.Contains(ev.Kind)) continue;
            relevant = true;
            if (ev.Kind == VotingKinds.BallotClosed && Kiosk.Ledger.Bodies.BodyJson.TryRead<BallotRefBody>(ev.Body, out var body, out _))
                lock (_closed) _closed.Add(body.Ballot);
        }
        if (relevant) _wake.Release();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            string[] closed = [];
            try
            {
                await _wake.WaitAsync(_stop.Token);
                while (_wake.CurrentCount > 0) await _wake.WaitAsync(_stop.Token);
                lock (_closed) { closed = [.. _closed]; _closed.Clear(); }
                foreach (var ballot in closed) await _desk.CloseIfDueAsync(ballot, _stop.Token);
                await UpdateAsync();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Keep the closes still to be written, and try the whole step again later even if nothing new commits.
                lock (_closed) _closed.InsertRange(0, closed);
                // The retry's timer starts before the failure is told, so whoever hears of it can count from now.
                var retry = Task.Delay(RetryDelay, _time, _stop.Token);
                Interlocked.Increment(ref _failures);
                _log.LogError(ex, "Could not update the current ballot for buttons; trying again in {Delay}", RetryDelay);
                try { await retry; }
                catch (OperationCanceledException) { return; }
                _wake.Release();
            }
        }
    }

    private async Task UpdateAsync()
    {
        var current = Compute(_desk);
        if (current.Equals(_last) || (_last is not null && current.State == _last.State && current.Ballot == _last.Ballot
            && (current.Options ?? []).SequenceEqual(_last.Options ?? []))) return;
        _log.LogInformation("Current ballot for buttons: {State} {Ballot}", current.State, current.Ballot);
        await _publish(current);
        // Only what was really published counts as published: a failed attempt is repeated in full.
        Volatile.Write(ref _last, current);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _ledger.Committed -= OnCommitted;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _stop.Dispose();
        _wake.Dispose();
    }
}
