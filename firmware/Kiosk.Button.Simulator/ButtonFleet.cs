namespace Kiosk.Button.Simulator;

/// <summary>
/// Any number of <see cref="VirtualButton"/>s as real MQTT clients against one gateway: connects them (a few at a time)
/// and runs their main loop (<see cref="VoteButton.Poll"/>) on a timer, as each ESP32 would run its own.
/// </summary>
public sealed class ButtonFleet : IAsyncDisposable
{
    /// <summary>Main-loop period of the simulated buttons.</summary>
    public static readonly TimeSpan LoopPeriod = TimeSpan.FromMilliseconds(20);

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>A fleet of buttons with these settings, their counters in memory.</summary>
    public ButtonFleet(IEnumerable<ButtonSettings> settings, int ackTimeoutMs = VoteButton.DefaultAckTimeoutMs)
        : this((settings ?? throw new ArgumentNullException(nameof(settings))).Select(s => new ButtonFlash(s, null)), ackTimeoutMs)
    {
    }

    /// <summary>A fleet of buttons with these settings, each counter in its counter file (when it names one).</summary>
    public ButtonFleet(IEnumerable<ButtonFlash> buttons, int ackTimeoutMs = VoteButton.DefaultAckTimeoutMs)
    {
        ArgumentNullException.ThrowIfNull(buttons);
        Buttons = [.. buttons.Select(b => new VirtualButton(b.Settings, counterFile: b.CounterFile))];
        foreach (var b in Buttons) b.Button.AckTimeoutMs = ackTimeoutMs;
    }

    /// <summary>The buttons.</summary>
    public IReadOnlyList<VirtualButton> Buttons { get; }

    /// <summary>Connects every button (<paramref name="parallel"/> at a time) and starts their loop; false when some could not connect.</summary>
    public async Task<bool> StartAsync(int parallel = 16)
    {
        await Parallel.ForEachAsync(Buttons, new ParallelOptions { MaxDegreeOfParallelism = parallel }, (b, _) =>
        {
            b.Start();
            return ValueTask.CompletedTask;
        });
        _loop = Task.Run(LoopAsync);
        return Buttons.All(b => b.Button.IsConnected);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(LoopPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                foreach (var b in Buttons) b.Button.Poll();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        foreach (var b in Buttons) b.Dispose();
        _stop.Dispose();
    }
}
