using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Hardware;

/// <summary>
/// A door station: a member-card reader (through a <see cref="CardTapWatcher"/>) and, optionally, its display. A tap of an
/// enrolled card checks its member in to the meeting (a signed <c>PresenceRecorded</c> by this gateway, source "card");
/// after <see cref="BeginEnrol"/> the next tap enrols the card to that member instead (<c>MemberCardEnrolled</c>, signed
/// with the key of the facilitator who asked for it on the console: the ledger refuses an enrolment signed by a gateway).
/// An unknown card changes nothing and says so on the display. An enrolment may set the card's PIN in this gateway's
/// <see cref="Pins"/> (card-plus-PIN for roll-call votes): the PIN goes there, never into the ledger.
/// </summary>
public sealed class CheckInStation : IDisposable
{
    private readonly CardTapWatcher _watcher;
    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly AuthorKeyPair _gateway;
    private readonly string _name;
    private readonly string? _meeting;
    private readonly StationDisplay? _display;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private (string Member, AuthorKeyPair Facilitator, string? Pin)? _enrolling;
    private Task _last = Task.CompletedTask;

    /// <summary>
    /// A station called <paramref name="name"/> (as the console shows who checked members in) for <paramref name="meeting"/>,
    /// or, when null, for the meeting open in the ledger at each tap (<see cref="PresenceProjection.OpenMeeting"/>).
    /// </summary>
    public CheckInStation(CardTapWatcher watcher, Kiosk.Ledger.Ledger ledger, AuthorKeyPair gateway, string name, string? meeting = null, StationDisplay? display = null, ILogger? logger = null)
    {
        _watcher = watcher ?? throw new ArgumentNullException(nameof(watcher));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _name = name ?? throw new ArgumentNullException(nameof(name));
        _meeting = meeting;
        _display = display;
        _logger = logger ?? NullLogger.Instance;
        _watcher.Tapped += OnTapped;
    }

    /// <summary>
    /// Another use of a tap that comes first (a roll-call vote by card while a ballot is open): returns true when it took
    /// the tap, which then checks nobody in. A pending enrolment still comes before it.
    /// </summary>
    public Func<string, bool>? Claim { get; set; }

    /// <summary>The work of the latest tap (tests await it).</summary>
    public Task LastTap
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>This gateway's card PINs, where an enrolment with a PIN keeps it; null: PINs cannot be set here.</summary>
    public CardPinBook? Pins { get; set; }

    /// <summary>The name of the station (who checked members in, on the console).</summary>
    public string Name => _name;

    /// <summary>The member whose card the next tap enrols, or null.</summary>
    public string? Enrolling
    {
        get { lock (_gate) return _enrolling?.Member; }
    }

    /// <summary>
    /// The next tap enrols its card to <paramref name="member"/>, signed by <paramref name="facilitator"/> (who asked for it
    /// on the console; the key stays theirs, this station only holds it until the tap). Returns the problem with the
    /// member's name, or null when the station now waits for the card.
    /// </summary>
    /// <remarks>
    /// With <paramref name="pin"/> the card also gets that PIN at this gateway (kept in <see cref="Pins"/>, never in the
    /// ledger); without, any PIN it had here is removed.
    /// </remarks>
    public string? BeginEnrol(string member, AuthorKeyPair facilitator, string? pin = null)
    {
        ArgumentNullException.ThrowIfNull(facilitator);
        if (BodyRules.Name("member", member) is { } problem) return problem;
        if (pin is not null && Pins is null) return "this station keeps no card PINs";
        if (pin is not null && CardPinBook.Problem(pin) is { } pinProblem) return pinProblem;
        lock (_gate) _enrolling = (member, facilitator, pin);
        _display?.Show(new StationScreen([$"Enrol: {member}", "Tap the card"]));
        return null;
    }

    /// <summary>Forgets a pending enrolment (the facilitator changed their mind, or logged out).</summary>
    public void CancelEnrol()
    {
        lock (_gate) _enrolling = null;
    }

    private void OnTapped(object? sender, string uid)
    {
        lock (_gate) _last = _last.ContinueWith(_ => HandleAsync(uid), TaskScheduler.Default).Unwrap();
    }

    private async Task HandleAsync(string uid)
    {
        var card = MemberCards.Hash(uid);
        (string Member, AuthorKeyPair Facilitator, string? Pin)? enrolling;
        lock (_gate) (enrolling, _enrolling) = (_enrolling, null);
        if (enrolling is { } enrol)
        {
            _display?.Show(await EnrolAsync(card, enrol.Member, enrol.Facilitator, enrol.Pin));
            return;
        }
        if (Claim?.Invoke(uid) == true) return;
        var presence = PresenceProjection.Build(_ledger.ReadApplied());
        if (presence.MemberOfCard(card) is not { } member)
        {
            _display?.Show(StationScreen.UnknownCard(uid));
            return;
        }
        if ((_meeting ?? presence.OpenMeeting()) is not { } meeting)
        {
            _display?.Show(StationScreen.Refused(member, "no meeting open"));
            return;
        }
        var result = await _ledger.AppendAsync(_gateway, PresenceKinds.PresenceRecorded,
            BodyJson.Write(new PresenceRecordedBody(meeting, member, PresenceRecordedBody.In, PresenceRecordedBody.Card, _name)));
        if (!result.IsCommitted) _logger.LogWarning("check-in station {Station}: check-in refused: {Reason}", _name, result.Rejection);
        _display?.Show(result.IsCommitted ? StationScreen.Presence(member, checkedIn: true) : StationScreen.Refused(member, "not recorded"));
    }

    private async Task<StationScreen> EnrolAsync(string card, string member, AuthorKeyPair facilitator, string? pin)
    {
        AppendResult enrolled;
        try
        {
            enrolled = await _ledger.AppendAsync(facilitator, PresenceKinds.MemberCardEnrolled, BodyJson.Write(new MemberCardEnrolledBody(card, member)));
        }
        catch (ObjectDisposedException)
        {
            // The facilitator logged out (their session disposed the key) before the card came.
            return StationScreen.Refused("Enrol", "console logged out");
        }
        if (enrolled.IsCommitted)
        {
            // The enrolment is the ledger's; the PIN only this gateway's (a re-enrolment without one removes the old one).
            Pins?.Set(card, pin);
            return new StationScreen([member, pin is null ? $"card enrolled {StationScreen.Check}" : $"card+PIN set {StationScreen.Check}"]);
        }
        _logger.LogWarning("check-in station {Station}: card enrolment refused: {Reason}", _name, enrolled.Rejection);
        return StationScreen.Refused("Enrol", enrolled.Rejection?.Reason == RejectReason.NotAuthorised ? "not facilitator" : "not recorded");
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Tapped -= OnTapped;
}
