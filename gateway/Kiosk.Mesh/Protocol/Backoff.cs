namespace Kiosk.Mesh.Protocol;

/// <summary>
/// Delays between attempts (redialling a peer, letting a dropped peer back): doubling from <see cref="Initial"/> up to
/// <see cref="Maximum"/>, each shortened by a random part of up to <see cref="Jitter"/> so gateways that lost a link
/// together do not redial in step. Pure, with its random source given.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum, double jitter = 0.2, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>The first delay.</summary>
    public TimeSpan Initial { get; } = initial > TimeSpan.Zero ? initial : throw new ArgumentOutOfRangeException(nameof(initial));

    /// <summary>The longest delay.</summary>
    public TimeSpan Maximum { get; } = maximum >= initial ? maximum : throw new ArgumentOutOfRangeException(nameof(maximum));

    /// <summary>The largest share (0–1) taken off a delay at random.</summary>
    public double Jitter { get; } = jitter is >= 0 and <= 1 ? jitter : throw new ArgumentOutOfRangeException(nameof(jitter));

    /// <summary>Attempts since the last <see cref="Reset"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        var doublings = Math.Min(Failures, 30);
        Failures++;
        var full = Math.Min(Maximum.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, doublings));
        return TimeSpan.FromMilliseconds(full * (1 - Jitter * _random.NextDouble()));
    }

    /// <summary>Back to the first delay (after a link that stayed up).</summary>
    public void Reset() => Failures = 0;
}
