using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Audio;

/// <summary>
/// Watches the headphone jack (<see cref="AudioOptions.Jack"/>) every <see cref="AudioOptions.JackPoll"/> on the
/// gateway's clock and tells kiosk pages when headphones go in or come out (<see cref="LiveUpdates.Headphones"/>):
/// plugging them in starts audio mode, pulling them out stops it. The speech endpoint asks it too, so nothing is
/// spoken through an empty headphone socket (whose sound may reach a loudspeaker instead).
/// </summary>
public sealed class HeadphoneWatch(GatewayOptions options, GatewayContext context) : IHostedService, IDisposable
{
    private readonly object _sync = new();
    private ITimer? _timer;
    private bool? _plugged;

    /// <summary>Whether headphones were plugged in at the last reading; null without a jack to read (or when it could not be read).</summary>
    public bool? Plugged
    {
        get
        {
            lock (_sync) return _plugged;
        }
    }

    /// <summary>Whether speech may be heard now: a loudspeaker is configured, the socket cannot tell, or headphones are in.</summary>
    public bool MaySpeak => SpeechPolicy.MaySpeak(options.Audio, Plugged);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Audio is not { Jack: not null } audio) return Task.CompletedTask;
        Read();
        _timer = options.Time.CreateTimer(_ => Read(), null, audio.JackPoll, audio.JackPoll);
        return Task.CompletedTask;
    }

    /// <summary>Reads the jack once and tells pages when its state changed.</summary>
    public void Read()
    {
        if (options.Audio?.Jack is not { } jack) return;
        var now = jack.Plugged();
        lock (_sync)
        {
            if (now == _plugged) return;
            _plugged = now;
        }
        if (now is { } plugged) context.Live.Headphones(plugged);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
