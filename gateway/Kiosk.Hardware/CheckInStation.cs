using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Presence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiosk.Hardware;

/// <summary>
/// A door station: a member-card reader (through a <see cref="CardTapWatcher"/>) and, optionally, its display. A tap of an
/// enrolled card checks its member in to the meeting (a signed <c>PresenceRecorded</c> by this gateway, source "card");
/// after <see cref="BeginEnrol"/> the next tap enrols the card to that member instead (<c>MemberCardEnrolled</c>). An
/// unknown card changes nothing and says so on the display.
/// </summary>
public sealed class CheckInStation : IDisposable
{
    private readonly CardTapWatcher _watcher;
    private readonly Kiosk.Ledger.Ledger _ledger;
    private readonly AuthorKeyPair _gateway;
    private readonly string _name;
    private readonly string _meeting;
    private readonly StationDisplay? _display;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private string? _enrolling;
    private Task _last = Task.CompletedTask;

    /// <summary>A station called <paramref name="name"/> (as the console shows who checked members in) for <paramref name="meeting"/>.</summary>
    public CheckInStation(CardTapWatcher watcher, Kiosk.Ledger.Ledger ledger, AuthorKeyPair gateway, string name, string meeting, StationDisplay? display = null, ILogger? logger = null)
    {
        _watcher = watcher ?? throw new ArgumentNullException(nameof(watcher));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _name = name ?? throw new ArgumentNullException(nameof(name));
        _meeting = meeting ?? throw new ArgumentNullException(nameof(meeting));
        _display = display;
        _logger = logger ?? NullLogger.Instance;
        _watcher.Tapped += OnTapped;
    }

    /// <summary>The work of the latest tap (tests await it).</summary>
    public Task LastTap
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>The next tap enrols its card to <paramref name="member"/> (a facilitator asked for it on the console).</summary>
    public void BeginEnrol(string member)
    {
        if (BodyRules.Name("member", member) is { } problem) throw new ArgumentException(problem, nameof(member));
        lock (_gate) _enrolling = member;
        _display?.Show(new StationScreen([$"Enrol: {member}", "Tap the card"]));
    }

    private void OnTapped(object? sender, string uid)
    {
        lock (_gate) _last = _last.ContinueWith(_ => HandleAsync(uid), TaskScheduler.Default).Unwrap();
    }

    private async Task HandleAsync(string uid)
    {
        var card = MemberCards.Hash(uid);
        string? enrolling;
        lock (_gate) (enrolling, _enrolling) = (_enrolling, null);
        if (enrolling is not null)
        {
            var enrolled = await _ledger.AppendAsync(_gateway, PresenceKinds.MemberCardEnrolled, BodyJson.Write(new MemberCardEnrolledBody(card, enrolling)));
            _display?.Show(enrolled.IsCommitted ? new StationScreen([enrolling, $"card enrolled {StationScreen.Check}"]) : StationScreen.Refused("Enrol", enrolled.Rejection?.ToString() ?? "refused"));
            return;
        }
        var presence = PresenceProjection.Build(_ledger.ReadApplied(PresenceKinds.MemberCardEnrolled));
        if (presence.MemberOfCard(card) is not { } member)
        {
            _display?.Show(StationScreen.UnknownCard(uid));
            return;
        }
        var result = await _ledger.AppendAsync(_gateway, PresenceKinds.PresenceRecorded,
            BodyJson.Write(new PresenceRecordedBody(_meeting, member, PresenceRecordedBody.In, PresenceRecordedBody.Card, _name)));
        if (!result.IsCommitted) _logger.LogWarning("check-in station {Station}: check-in refused: {Reason}", _name, result.Rejection);
        _display?.Show(result.IsCommitted ? StationScreen.Presence(member, checkedIn: true) : StationScreen.Refused(member, "not recorded"));
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Tapped -= OnTapped;
}
