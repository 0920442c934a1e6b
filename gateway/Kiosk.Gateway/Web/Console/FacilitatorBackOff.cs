using Kiosk.Voting.Guarding;
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

    /// <summary>The wait the <see cref="FreeFailures"/>-th wrong passphrase starts.</summary>
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);

    private readonly ILogger _log;
    // Keyed by the names of the facilitators' locks in the data folder only, so a stranger cannot grow it.
    private readonly GuessBackOff _guesses;

    /// <summary>Creates the limit on <paramref name="time"/>, logging lock-outs to <paramref name="log"/>.</summary>
    public FacilitatorBackOff(TimeProvider time, ILogger<FacilitatorBackOff> log)
    {
        ArgumentNullException.ThrowIfNull(time);
        _log = log ?? throw new ArgumentNullException(nameof(log));
        // The FreeFailures-th wrong passphrase already waits: the ones before it are the free guesses.
        _guesses = new GuessBackOff(FreeFailures - 1, FirstWait, MaxWait, time);
    }

    /// <summary>How long <paramref name="facilitator"/>'s login must still wait, or null when it may try now.</summary>
    public TimeSpan? Wait(string facilitator) => _guesses.Wait(facilitator);

    /// <summary>Counts a wrong passphrase for <paramref name="facilitator"/> and starts (or lengthens) its wait.</summary>
    public void Failed(string facilitator)
    {
        var wrong = _guesses.Wrong(facilitator);
        if (wrong.Wait > TimeSpan.Zero)
            _log.LogWarning("Console login for {Facilitator} waits {Seconds} s after {Failures} wrong passphrases in a row", facilitator, (int)wrong.Wait.TotalSeconds, wrong.InARow);
    }

    /// <summary>The right passphrase: <paramref name="facilitator"/>'s count starts again.</summary>
    public void Succeeded(string facilitator) => _guesses.Right(facilitator);
}
