using Kiosk.Voting.Ballots;
using Kiosk.Gateway.Data;
using System.Device.Gpio;
using System.Device.Pwm;
using Kiosk.Hardware;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Runs the wired button station (Kiosk.Hardware <see cref="ButtonStation"/>) on a <see cref="GpioController"/> over the
/// injected driver. While a roll-call ballot is open at this gateway and <see cref="WiredStationOptions.StationDevice"/>
/// is set, presses vote through <see cref="WiredVotingStation"/> (its LEDs follow the ballot); otherwise each press is
/// a kiosk controller button (<see cref="ControllerMapping"/>) sent to open kiosk pages by <see cref="LiveUpdates.PressButton"/>.
/// The pin map's member-card reader and display, when it declares them and the driver has buses, run a
/// <see cref="CheckInStation"/>: a tap checks its member in to the open meeting; the console enrols cards through it.
/// Started when <see cref="GatewayOptions.Wired"/> is set.
/// </summary>
public sealed class WiredStationService(GatewayContext context, ILogger<WiredStationService> logger) : IHostedService, IAsyncDisposable
{
    private const int BuzzerStartHz = 2000;
    private GpioController? _gpio;
    private PwmBuzzer? _buzzer;
    private ButtonStation? _station;
    private CurrentBallotPublisher? _follower;
    private StationPeripherals? _parts;
    private CardTapWatcher? _watcher;
    private MatrixKeypad? _keypad;
    private volatile CurrentBallot _current = CurrentBallot.None;

    /// <summary>The checked pin map, once started.</summary>
    public BoardPinMap? Map { get; private set; }

    /// <summary>The voting side, when a station device is set.</summary>
    public WiredVotingStation? Voting { get; private set; }

    /// <summary>The door side (card reader, with the display when there is one), or null when the pin map has no reader or the driver no buses.</summary>
    public CheckInStation? CheckIn { get; private set; }

    /// <summary>The keypad card PINs are typed on (a card voting station whose pin map declares one), or null.</summary>
    public MatrixKeypad? Keypad { get; private set; }

    /// <summary>The character display, or null.</summary>
    public StationDisplay? Display => _parts?.Display;

    /// <summary>Presses sent to the kiosk as controller buttons (for tests and logs).</summary>
    public event EventHandler<ControllerButton>? ControllerPressed;

    /// <summary>One line saying where the station runs, or null when none does.</summary>
    public string? Describe()
    {
        if (Map is not { } map || context.Options.Wired is not { } wired) return null;
        var pins = string.Join(", ", map.Station.Buttons.Concat(map.Station.Controls).Select(b => $"{b.Key} {map.Describe(b.Value)}"));
        var role = wired.StationDevice is { } device ? $"votes as {device} in roll-call ballots, else kiosk controller"
            : Voting is { ByCard: true } ? "votes for the member whose card is tapped in roll-call ballots, else kiosk controller"
            : "kiosk controller (yes→next, confirm→select, no or long press→back)";
        var parts = (_parts?.Reader is null ? "" : $"; {map.Station.Reader!.Kind} card reader checks members in") + (_parts?.Display is null ? "" : $"; {map.Station.Display!.Kind} display")
            + (Keypad is null ? "" : wired.CardPinRequired ? "; keypad: every card needs its PIN" : "; keypad: cards enrolled with a PIN need it");
        return $"{map.Board} pins on {wired.DriverName}: {pins}; {role}{parts}";
    }

    /// <summary>
    /// Checks the pin map and the station device and opens the GPIO driver, before the host starts, so a problem the
    /// user can fix stops the gateway as one clear <see cref="UserErrorException"/>.
    /// </summary>
    public void Open()
    {
        if (context.Options.Wired is not { } wired || _gpio is not null) return;
        Map = BoardMaps.Load(wired.Board);
        if (wired.StationDevice is { } device) CheckDevice(device);
        _gpio = new GpioController(wired.Driver());
        if (wired.Buses is null) return;
        var (parts, problem) = StationPeripherals.Open(Map.Station, wired.Buses, _gpio);
        if (problem is not null)
        {
            Interlocked.Exchange(ref _gpio, null)?.Dispose();
            throw new UserErrorException($"pin map {Map.Board}: {problem}");
        }
        _parts = parts;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (context.Options.Wired is not { } wired) return;
        Open();
        _buzzer = wired.UsePwmBuzzer ? OpenBuzzer(Map!.Station, wired.Time) : null;
        _station = new ButtonStation(_gpio!, Map!.Station, _buzzer, new ButtonStationOptions { Time = wired.Time });
        _station.Pressed += OnPressed;
        if (wired.StationDevice is { } voter)
        {
            Voting = new WiredVotingStation(_station, context.Desk, voter, logger);
            Voting.Voted += (_, outcome) => logger.LogInformation("wired station vote: {Outcome}", outcome.IsAccepted ? "accepted" : outcome.Refusal?.ToString());
        }
        _station.Start();
        if (wired.Buses is null && (Map.Station.Reader is not null || Map.Station.Display is not null))
            logger.LogInformation("wired station: {Driver} has no SPI or I2C buses, so the pin map's card reader and display are not opened", wired.DriverName);
        if (_parts?.Reader is { } reader)
        {
            _watcher = new CardTapWatcher(reader);
            // Card PINs stay on this gateway (its data folder), never in the ledger: see CardPinBook.
            var pins = CardPinBook.Open(context.Data.Root.FullName);
            CheckIn = new CheckInStation(_watcher, context.Ledger, context.GatewayKey, StationName(), meeting: null, _parts.Display, logger) { Pins = pins };
            if (Voting is null)
            {
                // No device to vote as: while a roll-call ballot is open, a tap names the voter and the buttons vote for them.
                if (Map.Station.Keypad is { } keypadPins)
                {
                    _keypad = new MatrixKeypad(_gpio!, keypadPins);
                    _keypad.Start(wired.Time);
                }
                Keypad = _keypad;
                var pinSettings = new CardPinSettings(pins, new CardPinGuard(wired.Time), _keypad, wired.CardPinRequired);
                Voting = WiredVotingStation.ForCards(_station, context.Desk, _parts.Display, logger, pinSettings);
                Voting.Voted += (_, outcome) => logger.LogInformation("wired station card vote: {Outcome}", outcome.IsAccepted ? "accepted" : outcome.Refusal?.ToString());
                CheckIn.Claim = Voting.Identify;
            }
            _watcher.Start(wired.Time);
        }
        if (Voting is not { ByCard: true }) _parts?.Display?.Show(StationScreen.Idle());
        _follower = new CurrentBallotPublisher(context.Ledger, context.Desk, ShowAsync, logger);
        await _follower.StartAsync();
    }

    // What the console shows as "checked in by": the gateway's name in the ledger, and that it was its card reader.
    private string StationName() =>
        (context.Ledger.Authority.Members.TryGetValue(context.GatewayKey.PublicKey, out var gateway) ? gateway.Name : "gateway") + " card reader";

    private void CheckDevice(string device)
    {
        var authority = context.Ledger.Authority;
        if (!authority.Devices.TryGetValue(device, out var enrolled))
            throw new UserErrorException($"--station-device {device}: no such device is enrolled; enrol it with `kiosk device enrol` first");
        if (enrolled.Revoked) throw new UserErrorException($"--station-device {device}: the device is revoked");
        if (enrolled.Gateway != context.GatewayKey.PublicKey) throw new UserErrorException($"--station-device {device}: the device is enrolled to another gateway");
        if (enrolled.Member is null) throw new UserErrorException($"--station-device {device}: the device has no member (seat) to vote for");
    }

    private PwmBuzzer? OpenBuzzer(StationPins pins, TimeProvider time)
    {
        if (pins.Buzzer is null) return null;
        try
        {
            // A pin without a hardware PWM channel gets software PWM on the same GPIO controller.
            var channel = pins.BuzzerOnHardwarePwm
                ? PwmChannel.Create(pins.PwmChip, pins.PwmChannel, BuzzerStartHz)
                : new System.Device.Pwm.Drivers.SoftwarePwmChannel(pins.Buzzer.Value, BuzzerStartHz, 0.5, usePrecisionTimer: false, _gpio, shouldDispose: false);
            return new PwmBuzzer(channel, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
        {
            logger.LogWarning("wired station: no buzzer (PWM chip {Chip} channel {Channel}: {Problem})", pins.PwmChip, pins.PwmChannel, e.Message);
            return null;
        }
    }

    private Task ShowAsync(CurrentBallot current)
    {
        _current = current;
        // Only a voting station shows the ballot; as a controller the LEDs stay dark.
        Voting?.ShowBallot(current.State == CurrentBallot.OpenState ? current.Ballot : null, current.Options ?? [], current.Title);
        return Task.CompletedTask;
    }

    private void OnPressed(object? sender, ButtonEventArgs e)
    {
        // While voting, the WiredVotingStation handles the choice buttons itself; the audio controls stay the kiosk's.
        if (Voting is not null && _current.State == CurrentBallot.OpenState && !ControllerMapping.IsControl(e.Button)) return;
        var button = ControllerMapping.For(e);
        context.Live.PressButton(button);
        ControllerPressed?.Invoke(this, button);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var follower = Interlocked.Exchange(ref _follower, null);
        if (follower is not null) await follower.DisposeAsync();
        Voting?.Dispose();
        Voting = null;
        Keypad = null;
        Interlocked.Exchange(ref _keypad, null)?.Dispose();
        Interlocked.Exchange(ref _watcher, null)?.Dispose();
        // No more taps come; let the last one finish its ledger write before the parts and the ledger close.
        if (CheckIn is { } checkIn) await checkIn.LastTap.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        CheckIn?.Dispose();
        CheckIn = null;
        Interlocked.Exchange(ref _parts, null)?.Dispose();
        var station = Interlocked.Exchange(ref _station, null);
        if (station is not null)
        {
            station.Pressed -= OnPressed;
            station.Dispose();
        }
        Interlocked.Exchange(ref _buzzer, null)?.Dispose();
        Interlocked.Exchange(ref _gpio, null)?.Dispose();
    }
}
