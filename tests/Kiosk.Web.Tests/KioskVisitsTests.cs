using Kiosk.Gateway.Web;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Web.Tests;

/// <summary>The server's store of kiosk visits: unguessable tokens, forgotten after idle on its own clock, bounded, one step at a time.</summary>
public sealed class KioskVisitsTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));

    private static KioskVisit WithCode(string code) => new() { Screen = KioskScreen.Ballots, Code = code };

    [Fact]
    public void A_visit_is_forgotten_after_the_idle_time_by_the_servers_clock_without_being_asked()
    {
        using var visits = new KioskVisits(_clock, Idle);
        var token = visits.Start(WithCode("7K2M-QX9P-4HRT"));
        _clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.Equal("7K2M-QX9P-4HRT", visits.Find(token)?.Code);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, visits.Count); // the timer ended it: nobody had to look it up
        Assert.Null(visits.Find(token));
        Assert.False(visits.Touch(token));
    }

    [Fact]
    public void Each_request_or_touch_starts_the_idle_time_again()
    {
        using var visits = new KioskVisits(_clock, Idle);
        var token = visits.Start(WithCode("7K2M-QX9P-4HRT"));
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(Idle * 0.9);
            Assert.True(visits.Touch(token));
        }
        Assert.NotNull(visits.Find(token));
        _clock.Advance(Idle);
        Assert.Null(visits.Find(token));
    }

    [Fact]
    public async Task An_ended_visit_is_gone_for_good_and_its_token_steps_nothing()
    {
        using var visits = new KioskVisits(_clock, Idle);
        var token = visits.Start(WithCode("7K2M-QX9P-4HRT"));
        visits.End(token);
        Assert.Null(visits.Find(token));
        var stepped = false;
        Assert.False(await visits.StepAsync(token, v => { stepped = true; return Task.FromResult<KioskVisit?>(v); }));
        Assert.False(stepped);
        Assert.Null(visits.Find("not-a-token"));
        Assert.Null(visits.Find(null));
    }

    [Fact]
    public async Task A_step_that_returns_nothing_ends_the_visit()
    {
        using var visits = new KioskVisits(_clock, Idle);
        var token = visits.Start(WithCode("7K2M-QX9P-4HRT"));
        Assert.True(await visits.StepAsync(token, _ => Task.FromResult<KioskVisit?>(null)));
        Assert.Null(visits.Find(token));
        Assert.Equal(0, visits.Count);
    }

    [Fact]
    public void Tokens_are_128_random_bits_in_url_safe_text()
    {
        using var visits = new KioskVisits(_clock, Idle, capacity: 5000);
        var tokens = Enumerable.Range(0, 2000).Select(_ => visits.Start(new KioskVisit())).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{22}$", t)); // 22 base64url characters carry 128 bits
        // Every bit position varies across tokens (a fixed or counter part would not).
        var bytes = tokens.Select(t => Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "==")).ToList();
        for (var bit = 0; bit < KioskVisits.TokenBytes * 8; bit++)
        {
            var ones = bytes.Count(b => (b[bit / 8] >> (bit % 8) & 1) == 1);
            Assert.InRange(ones, 800, 1200);
        }
    }

    [Fact]
    public void When_full_the_least_recently_used_visit_makes_room()
    {
        using var visits = new KioskVisits(_clock, Idle, capacity: 2);
        var first = visits.Start(WithCode("1111-1111-1111"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = visits.Start(WithCode("2222-2222-2222"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(visits.Touch(first)); // the first is in use again: the second is now the oldest
        var third = visits.Start(WithCode("3333-3333-3333"));

        Assert.Equal(2, visits.Count);
        Assert.NotNull(visits.Find(first));
        Assert.Null(visits.Find(second));
        Assert.NotNull(visits.Find(third));
    }

    [Fact]
    public async Task Steps_of_one_visit_run_one_at_a_time_so_a_double_tap_acts_once()
    {
        using var visits = new KioskVisits(_clock, Idle);
        var token = visits.Start(new KioskVisit { Screen = KioskScreen.Review });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var casts = 0;
        async Task<KioskVisit?> Confirm(KioskVisit visit)
        {
            if (visit.Screen != KioskScreen.Review) return visit; // as KioskFlow: a post from another screen does nothing
            Interlocked.Increment(ref casts);
            await release.Task;
            return visit with { Screen = KioskScreen.Receipt };
        }

        var first = visits.StepAsync(token, Confirm);
        var second = visits.StepAsync(token, Confirm);
        Assert.False(second.IsCompleted);
        release.SetResult();
        Assert.True(await first);
        Assert.True(await second);
        Assert.Equal(1, casts);
        Assert.Equal(KioskScreen.Receipt, visits.Find(token)?.Screen);
    }
}
