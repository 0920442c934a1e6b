using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Hardware;

/// <summary>
/// A wired station used as a roll-call voting station: its LEDs show the open ballot's options; a choice button selects
/// (only its LED and confirm stay lit); confirm casts through the <see cref="VotingDesk"/> as the station's enrolled
/// device (a high beep once committed, a low one when refused); a long press on confirm cancels the selection. When the
/// vote cannot be recorded at all (the ledger fails), the resident hears the refusal tone, the LEDs go back to the
/// options, and the failure is logged and reported through <see cref="Voted"/>: a press is never silently lost.
/// Without a device the station votes by member card (<see cref="ForCards"/>): a tap (<see cref="Identify"/>) names the
/// member, the buttons choose, confirm casts through <see cref="VotingDesk.CastWithCardAsync"/>, and the display shows
/// the ballot, the member, the selection and "counted ✓" or the refusal's reason. Roll-call ballots only: the current
/// ballot this station follows is never a secret or code ballot, and no voter code ever touches a card.
/// With card-plus-PIN (<see cref="CardPinSettings"/>) a card that has a PIN at this gateway (every card, when required)
/// names its member only after the PIN is typed on the keypad and '#' pressed ('*' starts again): a wrong PIN is refused
/// on the display, counted, and makes the card wait longer each time; the PIN is never logged or shown.
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
    private readonly string? _device;
    private readonly StationDisplay? _display;
    private readonly ILogger _log;
    private readonly object _sync = new();
    private string? _ballot;
    private string _title = "";
    private (string Member, string Card)? _voter;
    private readonly CardPinSettings? _pins;
    private (string Member, string Card)? _awaitingPin;
    private string _typed = "";
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

    private WiredVotingStation(ButtonStation station, VotingDesk desk, StationDisplay? display, ILogger? log, CardPinSettings? pins)
    {
        _pins = pins;
        if (pins?.Keypad is { } keypad) keypad.KeyPressed += OnKey;
        _log = log ?? NullLogger.Instance;
        _station = station ?? throw new ArgumentNullException(nameof(station));
        _desk = desk ?? throw new ArgumentNullException(nameof(desk));
        _display = display;
        _station.Pressed += OnPressed;
    }

    /// <summary>
    /// A station that votes for the member whose card was tapped (<see cref="Identify"/>), showing each step on
    /// <paramref name="display"/>; with <paramref name="pins"/>, cards with a PIN (or all, when required) need it too.
    /// </summary>
    public static WiredVotingStation ForCards(ButtonStation station, VotingDesk desk, StationDisplay? display, ILogger? log = null, CardPinSettings? pins = null) =>
        new(station, desk, display, log, pins);

    /// <summary>True when the station votes by member card rather than as a device.</summary>
    public bool ByCard => _device is null;

    /// <summary>
    /// A card with <paramref name="uid"/> was tapped. While a ballot is open at a card station it names the voter (or is
    /// refused on the display when no member has it) and returns true; otherwise returns false and the tap is a check-in.
    /// </summary>
    public bool Identify(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (!ByCard) return false;
        var card = MemberCards.Hash(uid);
        var member = _desk.MemberOfCard(card);
        lock (_sync)
        {
            if (_ballot is null) return false;
            _selected = null;
            _awaitingPin = null;
            _typed = "";
            if (member is null)
            {
                _voter = null;
                _station.ShowLeds(_options);
                _display?.Show(StationScreen.Refused(_title, "not enrolled"));
                return true;
            }
            _voter = null;
            _station.ShowLeds(_options);
            if (PinProblem(card) is { } problem)
            {
                _display?.Show(StationScreen.Refused(_title, problem));
                return true;
            }
            if (_pins is { } pins && (pins.Required || pins.Book.Has(card)))
            {
                _awaitingPin = (member, card);
                _display?.Show(StationScreen.Pin(member, 0));
                return true;
            }
            _voter = (member, card);
            _display?.Show(StationScreen.Identified(_title, member));
            return true;
        }
    }

    // Why a card that needs a PIN cannot give one now, in the few words a display row holds; null when it may.
    private string? PinProblem(string card)
    {
        if (_pins is not { } pins || !(pins.Required || pins.Book.Has(card))) return null;
        if (pins.Keypad is null) return "needs PIN keypad";
        if (!pins.Book.Has(card)) return "no PIN: re-enrol";
        return pins.Guard.Wait(card) is { } wait ? $"wait {Math.Ceiling(wait.TotalSeconds)} s" : null;
    }

    private void OnKey(object? sender, char key)
    {
        lock (_sync)
        {
            if (_awaitingPin is not { } waiting || _pins is not { } pins) return;
            if (key == '*')
            {
                _typed = "";
            }
            else if (char.IsAsciiDigit(key))
            {
                if (_typed.Length < CardPinBook.MaxDigits) _typed += key;
            }
            else if (key == '#')
            {
                var typed = _typed;
                (_typed, _awaitingPin) = ("", null);
                if (pins.Guard.Wait(waiting.Card) is { } wait)
                {
                    _display?.Show(StationScreen.Refused(_title, $"wait {Math.Ceiling(wait.TotalSeconds)} s"));
                }
                else if (pins.Book.Check(waiting.Card, typed))
                {
                    pins.Guard.Right(waiting.Card);
                    _voter = waiting;
                    _display?.Show(StationScreen.Identified(_title, waiting.Member));
                }
                else
                {
                    // Counted and logged without the PIN or the card: only that a wrong PIN was typed at this station.
                    var then = pins.Guard.Wrong(waiting.Card);
                    _log.LogWarning("card voting station: a wrong PIN was typed");
                    _display?.Show(StationScreen.Refused(_title, then > TimeSpan.Zero ? $"wrong PIN, {Math.Ceiling(then.TotalSeconds)} s" : "wrong PIN"));
                }
                return;
            }
            else return;
            _display?.Show(StationScreen.Pin(waiting.Member, _typed.Length));
        }
    }

    /// <summary>The outcome of the last confirmed vote.</summary>
    public VoteOutcome? LastOutcome { get; private set; }

    /// <summary>Raised after each confirmed vote is answered.</summary>
    public event EventHandler<VoteOutcome>? Voted;

    /// <summary>Shows <paramref name="ballot"/> (null: nothing open) with its <paramref name="options"/> on the LEDs, and its <paramref name="title"/> on the display.</summary>
    public void ShowBallot(string? ballot, IReadOnlyList<string> options, string? title = null)
    {
        lock (_sync)
        {
            _ballot = ballot;
            _title = title ?? ballot ?? "";
            _options = ballot is null ? [] : [.. options];
            _selected = null;
            _voter = null;
            (_awaitingPin, _typed) = (null, "");
            _station.ShowLeds(_options);
            _display?.Show(ballot is null ? StationScreen.Idle() : StationScreen.Ballot(_title));
        }
    }

    private void OnPressed(object? sender, ButtonEventArgs e)
    {
        string? ballot, choice;
        (string Member, string Card)? voter;
        lock (_sync)
        {
            if (_ballot is null) return;
            // The audio ballot's control buttons are the kiosk's, never a choice (an option may share a control's name).
            if (StationPins.ControlNames.Contains(e.Button)) return;
            // A card station takes presses only from a member its reader has just identified.
            if (ByCard && _voter is null) return;
            if (e.Button != StationPins.Confirm)
            {
                if (!_options.Contains(e.Button)) return;
                _selected = e.Button;
                _station.ShowLeds([e.Button, StationPins.Confirm]);
                _display?.Show(StationScreen.Selected(_title, e.Button));
                return;
            }
            if (e.LongPress || _selected is null)
            {
                _selected = null;
                _station.ShowLeds(_options);
                if (_voter is { } identified) _display?.Show(StationScreen.Identified(_title, identified.Member));
                return;
            }
            (ballot, choice, voter) = (_ballot, _selected, _voter);
            _voter = null; // one tap, one vote
        }
        _ = CastAsync(ballot!, choice!, voter?.Card);
    }

    private async Task CastAsync(string ballot, string choice, string? card)
    {
        VoteOutcome outcome;
        try
        {
            outcome = card is not null ? await _desk.CastWithCardAsync(ballot, card, [choice]) : await _desk.CastWithDeviceAsync(ballot, _device!, [choice]);
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
            _display?.Show(outcome.Refusal is { } refusal ? StationScreen.Refused(_title, StationScreen.Reason(refusal.Reason)) : StationScreen.Counted(_title));
        }
        LastOutcome = outcome;
        Voted?.Invoke(this, outcome);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _station.Pressed -= OnPressed;
        if (_pins?.Keypad is { } keypad) keypad.KeyPressed -= OnKey;
    }
}
