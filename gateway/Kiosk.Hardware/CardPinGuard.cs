using Kiosk.Voting.Guarding;

namespace Kiosk.Hardware;

/// <summary>
/// Counts wrong PINs per card and makes the card wait before the next try, longer each time (on a
/// <see cref="TimeProvider"/>): after <see cref="FreeTries"/> wrong PINs, <see cref="FirstWait"/>, then twice as long
/// per further wrong PIN up to <see cref="LongestWait"/>. The right PIN clears the count. Ten thousand guesses at a
/// station then take weeks. Kept in memory: a restart of the gateway (which a copier of a card cannot cause) forgets it.
/// </summary>
public sealed class CardPinGuard(TimeProvider time)
{
    /// <summary>Wrong PINs allowed before the first wait.</summary>
    public const int FreeTries = 3;

    /// <summary>The first wait.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly GuessBackOff _guesses = new(FreeTries, FirstWait, LongestWait, time ?? throw new ArgumentNullException(nameof(time)));

    /// <summary>How long <paramref name="card"/> must still wait before a PIN is taken, or null when it may try now.</summary>
    public TimeSpan? Wait(string card) => _guesses.Wait(card);

    /// <summary>Counts a wrong PIN for <paramref name="card"/>; returns the wait it now has (zero while tries are free).</summary>
    public TimeSpan Wrong(string card) => _guesses.Wrong(card).Wait;

    /// <summary>The right PIN: the count starts again.</summary>
    public void Right(string card) => _guesses.Right(card);
}
