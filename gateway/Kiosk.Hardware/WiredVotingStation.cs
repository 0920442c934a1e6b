using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Hardware;

/// <summary>
/// A wired station used as a roll-call voting station: its LEDs show the open ballot's options; a choice button selects
/// (only its LED and confirm stay lit); confirm casts through the <see cref="VotingDesk"/> as the station's enrolled
/// device (a high beep once committed, a low one when refused); a long press on confirm cancels the selection. When the
/// vote cannot be recorded at all (the ledger fails), the resident hears the refusal tone, the LEDs go back to the
/// options, and the failure is logged and reported through <see cref="Voted"/>: a press is never silently lost.
/// </summary>
public sealed class WiredVotingStation : IDisposable
{
    /// <summary>Tone of an accepted vote.</summary>
    public const int AcceptedHz = 2000;

    /// <summary>Tone of a refusal.</summary>
    public const int RefusedHz = 400;

    private static readonly TimeSpan BeepLength = TimeSpan.FromMilliseconds(150);
    private readonly ButtonStation _station;
    private readonly VotingDesk _desk;
    private readonly string _device;
    private readonly ILogger _log;
    private readonly object _sync = new();
    private string? _ballot;
    private string[] _options = [];
    private string? _selected;

    /// <summary>Votes from <paramref name="station"/> as device <paramref name="device"/> through <paramref name="desk"/>.</summary>
    public WiredVotingStation(ButtonStation station, VotingDesk desk, string device, ILogger? log = null)
    {
        _log = log ?? NullLogger.Instance;
        _station = station ?? throw new ArgumentNullException(nameof(station));
        _desk = desk ?? throw new ArgumentNullException(nameof(desk));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _station.Pressed += OnPressed;
    }

    /// <summary>The outcome of the last confirmed vote.</summary>
    public VoteOutcome? LastOutcome { get; private set; }

    /// <summary>Raised after each confirmed vote is answered.</summary>
    public event EventHandler<VoteOutcome>? Voted;

    /// <summary>Shows <paramref name="ballot"/> (null: nothing open) with its <paramref name="options"/> on the LEDs.</summary>
    public void ShowBallot(string? ballot, IReadOnlyList<string> options)
    {
        lock (_sync)
        {
            _ballot = ballot;
            _options = ballot is null ? [] : [.. options];
            _selected = null;
            _station.ShowLeds(_options);
        }
    }

    private void OnPressed(object? sender, ButtonEventArgs e)
    {
        string? ballot, choice;
        lock (_sync)
        {
            if (_ballot is null) return;
            if (e.Button != StationPins.Confirm)
            {
                if (!_options.Contains(e.Button)) return;
                _selected = e.Button;
                _station.ShowLeds([e.Button, StationPins.Confirm]);
                return;
            }
            if (e.LongPress || _selected is null)
            {
                _selected = null;
                _station.ShowLeds(_options);
                return;
            }
            (ballot, choice) = (_ballot, _selected);
        }
        _ = CastAsync(ballot!, choice!);
    }

    private async Task CastAsync(string ballot, string choice)
    {
        VoteOutcome outcome;
        try
        {
            outcome = await _desk.CastWithDeviceAsync(ballot, _device, [choice]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The press reached us but the vote was not recorded: say so to the resident (low tone) and to the operator.
            _log.LogError(e, "The wired station's vote on {Ballot} could not be recorded", ballot);
            outcome = VoteOutcome.Refused(VoteRefusalReason.NotRecorded, $"the vote could not be recorded ({e.GetType().Name}); please try again or ask a facilitator");
        }
        _station.Beep(outcome.IsAccepted ? AcceptedHz : RefusedHz, BeepLength);
        lock (_sync)
        {
            _selected = null;
            if (_ballot == ballot) _station.ShowLeds(_options);
        }
        LastOutcome = outcome;
        Voted?.Invoke(this, outcome);
    }

    /// <inheritdoc />
    public void Dispose() => _station.Pressed -= OnPressed;
}
