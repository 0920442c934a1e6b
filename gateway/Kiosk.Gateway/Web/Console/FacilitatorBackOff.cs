using Microsoft.Extensions.Logging;

namespace Kiosk.Gateway.Web.Console;

/// <summary>
/// The console login's limit per facilitator, beside the per-address limit: someone who tries passphrases for one
/// facilitator from many addresses is slowed all the same. After <see cref="FreeFailures"/> wrong passphrases in a row
/// the facilitator's login waits 1 s, and each further failure doubles the wait, up to <see cref="MaxWait"/>; the right
/// passphrase clears it. Each lock-out is logged once, with the facilitator's name and the wait, never what was typed.
/// </summary>
public sealed class FacilitatorBackOff
{
    /// <summary>Wrong passphrases a facilitator's login takes before it waits.</summary>
    public const int FreeFailures = 5;

    /// <summary>The longest wait: long enough to make guessing hopeless, short enough for the real facilitator.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;
    private readonly ILogger _log;
    // Keyed by the names of the facilitators' locks in the data folder only, so a stranger cannot grow it.
    private readonly Dictionary<string, (int Failures, DateTimeOffset Until)> _state = new(StringComparer.Ordinal);

    /// <summary>Creates the limit on <paramref name="time"/>, logging lock-outs to <paramref name="log"/>.</summary>
    public FacilitatorBackOff(TimeProvider time, ILogger<FacilitatorBackOff> log)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>How long <paramref name="facilitator"/>'s login must still wait, or null when it may try now.</summary>
    public TimeSpan? Wait(string facilitator)
    {
        lock (_state)
        {
            if (!_state.TryGetValue(facilitator, out var s)) return null;
            var left = s.Until - _time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a wrong passphrase for <paramref name="facilitator"/> and starts (or lengthens) its wait.</summary>
    public void Failed(string facilitator)
    {
        lock (_state)
        {
            var failures = (_state.TryGetValue(facilitator, out var s) ? s.Failures : 0) + 1;
            var until = DateTimeOffset.MinValue;
            if (failures >= FreeFailures)
            {
                var doublings = Math.Min(failures - FreeFailures, 20);
                var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, doublings), MaxWait.TotalSeconds));
                until = _time.GetUtcNow() + wait;
                _log.LogWarning("Console login for {Facilitator} waits {Seconds} s after {Failures} wrong passphrases in a row", facilitator, (int)wait.TotalSeconds, failures);
            }
            _state[facilitator] = (failures, until);
        }
    }

    /// <summary>The right passphrase: <paramref name="facilitator"/>'s count starts again.</summary>
    public void Succeeded(string facilitator)
    {
        lock (_state) _state.Remove(facilitator);
    }
}
