using CsCheck;
using Kiosk.Voting.Guarding;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Voting.Tests.Guarding;

/// <summary>
/// The doubling wait after wrong guesses that the console login (per facilitator) and the card PIN (per card) share:
/// free guesses, then a first wait doubling per wrong guess up to a cap, per key, cleared by a right guess. Fake clock.
/// </summary>
public sealed class GuessBackOffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);

    [Fact]
    public void Free_guesses_cost_nothing_then_each_wrong_guess_doubles_the_wait()
    {
        var time = new FakeTimeProvider();
        var guesses = new GuessBackOff(freeGuesses: 2, First, Longest, time);
        Assert.Equal(new WrongGuess(1, TimeSpan.Zero), guesses.Wrong("card"));
        Assert.Equal(new WrongGuess(2, TimeSpan.Zero), guesses.Wrong("card"));
        Assert.Null(guesses.Wait("card"));

        Assert.Equal(new WrongGuess(3, First), guesses.Wrong("card"));
        Assert.Equal(First, guesses.Wait("card"));
        time.Advance(First - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), guesses.Wait("card"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(guesses.Wait("card"));

        Assert.Equal(First * 2, guesses.Wrong("card").Wait);
        Assert.Equal(First * 4, guesses.Wrong("card").Wait);
        Assert.Null(guesses.Wait("another card"));
    }

    [Fact]
    public void The_wait_stops_growing_at_its_cap_however_many_wrong_guesses_come()
    {
        var guesses = new GuessBackOff(freeGuesses: 0, First, Longest, new FakeTimeProvider());
        var waits = Enumerable.Range(0, 8).Select(_ => guesses.Wrong("card").Wait.TotalSeconds);
        Assert.Equal([30, 60, 120, 240, 480, 600, 600, 600], waits);
        Assert.Equal(Longest, guesses.WaitAfter(int.MaxValue)); // no count of guesses overflows the wait
    }

    [Fact]
    public void A_right_guess_clears_the_count_and_the_wait_for_its_key_only()
    {
        var guesses = new GuessBackOff(freeGuesses: 1, First, Longest, new FakeTimeProvider());
        for (var i = 0; i < 3; i++)
        {
            guesses.Wrong("ana");
            guesses.Wrong("bo");
        }
        guesses.Right("ana");
        Assert.Null(guesses.Wait("ana"));
        Assert.Equal(First * 2, guesses.Wait("bo"));
        Assert.Equal(new WrongGuess(1, TimeSpan.Zero), guesses.Wrong("ana"));
        Assert.Equal(new WrongGuess(2, First), guesses.Wrong("ana"));
    }

    [Fact]
    public void The_wait_never_shrinks_with_more_wrong_guesses_and_never_passes_the_cap()
    {
        Gen.Select(Gen.Int[0, 10], Gen.Int[1, 3_600], Gen.Int[0, 100_000], Gen.Int[1, 1_000]).Sample((free, firstSeconds, capExtra, inARow) =>
        {
            var first = TimeSpan.FromSeconds(firstSeconds);
            var guesses = new GuessBackOff(free, first, first + TimeSpan.FromSeconds(capExtra), new FakeTimeProvider());
            var wait = guesses.WaitAfter(inARow);
            var next = guesses.WaitAfter(inARow + 1);
            return wait <= next && next <= guesses.LongestWait && (inARow <= free) == (wait == TimeSpan.Zero);
        });
    }
}
