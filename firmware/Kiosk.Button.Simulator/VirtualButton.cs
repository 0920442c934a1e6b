using System.Diagnostics;

namespace Kiosk.Button.Simulator;

/// <summary>
/// One simulated ESP32 button: the firmware's <see cref="VoteButton"/> over an MQTTnet link, virtual pins and a counter
/// store. <see cref="PressAsync"/> presses and completes when the press ends (ack, refusal or give-up).
/// </summary>
public sealed class VirtualButton : IDisposable
{
    private readonly object _sync = new();
    private TaskCompletionSource<PressResult>? _waiting;
    private long _pressedAt;

    /// <summary>A button with <paramref name="settings"/> (the enrolment's config), <paramref name="slots"/> keys.</summary>
    public VirtualButton(ButtonSettings settings, int slots = 4, string? counterFile = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Pins = new VirtualPins(slots);
        Link = new MqttNetLink();
        Store = new CounterStore(settings, counterFile);
        Button = new VoteButton(settings, Pins, Link, Store, new SimulatedClock());
        Button.Finished = OnFinished;
        Link.MessageHandled += () => _messages.Release();
    }

    // Released once per handled message, so a waiter re-checks the button's state exactly when it may have changed.
    private readonly SemaphoreSlim _messages = new(0);

    /// <summary>The settings.</summary>
    public ButtonSettings Settings { get; }

    /// <summary>The firmware logic.</summary>
    public VoteButton Button { get; }

    /// <summary>The keys and LEDs.</summary>
    public VirtualPins Pins { get; }

    /// <summary>The MQTT connection.</summary>
    public MqttNetLink Link { get; }

    /// <summary>The counter store.</summary>
    public CounterStore Store { get; }

    /// <summary>Reads the counter and connects (blocking, as on the device).</summary>
    public void Start() => Button.Start();

    /// <summary>Presses <paramref name="option"/> in <paramref name="ballot"/>; completes when the press ends.</summary>
    public Task<PressResult> PressAsync(string ballot, string option) => SendAsync(() => Button.PressOption(ballot, option));

    /// <summary>Presses the physical button of <paramref name="slot"/> (with no ballot open, slot 0 checks the member in); completes when the press ends.</summary>
    public Task<PressResult> PressSlotAsync(int slot) => SendAsync(() => Button.Press(slot));

    private Task<PressResult> SendAsync(Func<bool> press)
    {
        var done = new TaskCompletionSource<PressResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_waiting is not null) return Task.FromResult(PressResult.NotSent);
            _waiting = done;
            _pressedAt = Stopwatch.GetTimestamp();
        }
        if (!press())
        {
            lock (_sync) _waiting = null;
            return Task.FromResult(PressResult.NotSent);
        }
        return done.Task;
    }

    /// <summary>Waits until the button shows ballot <paramref name="ballot"/> (any, when null) open; false on timeout.</summary>
    public Task<bool> WaitForBallotAsync(string? ballot, TimeSpan timeout) =>
        WaitUntilAsync(() => Button.Ballot.IsOpen && (ballot is null || Button.Ballot.Ballot == ballot), timeout);

    /// <summary>Waits until the button shows no open ballot; false on timeout.</summary>
    public Task<bool> WaitForNoBallotAsync(TimeSpan timeout) => WaitUntilAsync(() => !Button.Ballot.IsOpen, timeout);

    /// <summary>Checks <paramref name="condition"/> now and after every message the firmware handles, until it holds or time runs out.</summary>
    private async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero || !await _messages.WaitAsync(left)) return condition();
        }
        return true;
    }

    private void OnFinished(VoteButton button, long counter, int feedback, string reason, string tracker)
    {
        TaskCompletionSource<PressResult>? done;
        long pressedAt;
        lock (_sync)
        {
            done = _waiting;
            pressedAt = _pressedAt;
            _waiting = null;
        }
        done?.TrySetResult(new PressResult(true, feedback, reason, tracker, counter, Stopwatch.GetElapsedTime(pressedAt), button.Attempts));
    }

    /// <inheritdoc />
    public void Dispose() => Link.Dispose();
}
