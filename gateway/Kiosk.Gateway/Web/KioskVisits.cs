using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web;

/// <summary>
/// The kiosk's visits, in memory only, each under an unguessable token (128 random bits) that the visit's pages carry
/// in their address. A visit is forgotten after the idle timeout without a request (by a timer on the server's clock,
/// whether or not the page's script ran), when it ends ("Done", "Start again", back from the code screen), and —
/// the least recently used first — when more than <see cref="Capacity"/> are open. A forgotten token is unknown for
/// good: its pages show the welcome screen.
/// </summary>
public sealed class KioskVisits : IDisposable
{
    /// <summary>How many visits may be open at once (a gateway has a few kiosks; the bound caps what a flood can hold).</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>Random bytes in a token.</summary>
    public const int TokenBytes = 16;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Lock _admit = new();
    private readonly TimeProvider _time;

    /// <summary>Visits of the gateway's <see cref="GatewayOptions.IdleTimeout"/> on its <see cref="GatewayOptions.Time"/>.</summary>
    public KioskVisits(GatewayOptions options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Time, options.IdleTimeout)
    {
    }

    /// <summary>Visits forgotten after <paramref name="idle"/> on <paramref name="time"/>, at most <paramref name="capacity"/> at once.</summary>
    public KioskVisits(TimeProvider time, TimeSpan idle, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Idle = idle;
        Capacity = capacity;
    }

    /// <summary>Time without a request after which a visit is forgotten.</summary>
    public TimeSpan Idle { get; }

    /// <summary>The most visits kept at once.</summary>
    public int Capacity { get; }

    /// <summary>Visits open now.</summary>
    public int Count => _slots.Count;

    /// <summary>Opens a visit holding <paramref name="visit"/>; returns its token.</summary>
    public string Start(KioskVisit visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenBytes)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        lock (_admit)
        {
            while (_slots.Count >= Capacity)
            {
                var oldest = _slots.Values.MinBy(s => s.LastUsed);
                if (oldest is null) break;
                End(oldest.Token);
            }
            var slot = new Slot(token, visit, _time.GetTimestamp());
            slot.Timer = _time.CreateTimer(static state => ((Expiry)state!).Fire(), new Expiry(this, token), Idle, Timeout.InfiniteTimeSpan);
            _slots[token] = slot;
        }
        return token;
    }

    /// <summary>The visit under <paramref name="token"/>, or null when there is none (never was, ended, or idle too long).</summary>
    public KioskVisit? Find(string? token) => Live(token)?.Visit;

    /// <summary>Marks the visit as used now (the resident is still there); false when it is gone.</summary>
    public bool Touch(string? token)
    {
        if (Live(token) is not { } slot) return false;
        Use(slot);
        return true;
    }

    /// <summary>
    /// Runs one step of the visit under <paramref name="token"/>, one step at a time per visit: <paramref name="step"/>
    /// gets the visit and returns its next state, or null to end it. False when the visit is gone.
    /// </summary>
    public async Task<bool> StepAsync(string? token, Func<KioskVisit, Task<KioskVisit?>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (Live(token) is not { } slot) return false;
        Use(slot);
        await slot.Steps.WaitAsync();
        try
        {
            if (Live(token) is null) return false;
            var next = await step(slot.Visit);
            if (next is null) End(slot.Token);
            else
            {
                slot.Visit = next;
                Use(slot);
            }
            return true;
        }
        finally
        {
            slot.Steps.Release();
        }
    }

    /// <summary>Forgets the visit under <paramref name="token"/> (nothing when there is none).</summary>
    public void End(string? token)
    {
        if (token is not null && _slots.TryRemove(token, out var slot)) slot.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var token in _slots.Keys) End(token);
    }

    private Slot? Live(string? token)
    {
        if (token is null || !_slots.TryGetValue(token, out var slot)) return null;
        // The timer normally ends an idle visit; a timer that runs late must not let one be found.
        if (_time.GetElapsedTime(slot.LastUsed) >= Idle)
        {
            End(token);
            return null;
        }
        return slot;
    }

    private void Use(Slot slot)
    {
        slot.LastUsed = _time.GetTimestamp();
        slot.Timer?.Change(Idle, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timer's callback state: only the token, so a forgotten visit is not kept alive by its timer.</summary>
    private sealed class Expiry(KioskVisits visits, string token)
    {
        public void Fire() => visits.End(token);
    }

    private sealed class Slot(string token, KioskVisit visit, long now) : IDisposable
    {
        private KioskVisit _visit = visit;
        private long _lastUsed = now;

        public string Token { get; } = token;

        public KioskVisit Visit
        {
            get => Volatile.Read(ref _visit);
            set => Volatile.Write(ref _visit, value);
        }

        public long LastUsed
        {
            get => Interlocked.Read(ref _lastUsed);
            set => Interlocked.Exchange(ref _lastUsed, value);
        }

        public ITimer? Timer { get; set; }

        /// <summary>
        /// One step at a time per visit (a double tap on "Confirm" casts once). Not disposed with the slot: a step may
        /// still be waiting on it, and it holds no handle unless asked for one.
        /// </summary>
        public SemaphoreSlim Steps { get; } = new(1, 1);

        public void Dispose()
        {
            Timer?.Dispose();
            Visit = new KioskVisit { Screen = KioskScreen.Finished }; // drop the reference to the code at once
        }
    }
}
