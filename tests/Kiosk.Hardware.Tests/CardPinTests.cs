using Kiosk.Ledger.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Hardware.Tests;

/// <summary>
/// Card PINs at one gateway: only a verifier under a key of this gateway is kept (the PIN does not appear, and another
/// gateway's book cannot check it); wrong PINs make the card wait longer each time on the clock; bad PINs are refused.
/// </summary>
public sealed class CardPinTests : IDisposable
{
    private const string Card = "c0ffee";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_pin_is_kept_as_a_gateway_keyed_verifier_and_checked_only_there()
    {
        var here = Directory.CreateDirectory(Path.Combine(_folder.Path, "here")).FullName;
        var book = CardPinBook.Open(here);
        Assert.False(book.Has(Card));
        Assert.Null(book.Set(Card, "4821"));
        Assert.True(book.Has(Card));
        Assert.True(book.Check(Card, "4821"));
        Assert.False(book.Check(Card, "4822"));
        Assert.False(book.Check("another card", "4821"));

        // Reopened from disk it still checks; the files never hold the PIN.
        var again = CardPinBook.Open(here);
        Assert.True(again.Check(Card, "4821"));
        foreach (var file in Directory.GetFiles(here)) Assert.DoesNotContain("4821", File.ReadAllText(file), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            foreach (var file in Directory.GetFiles(here)) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // The verifiers copied to another gateway (its own key) check nothing.
        var there = Directory.CreateDirectory(Path.Combine(_folder.Path, "there")).FullName;
        CardPinBook.Open(there);
        File.Copy(Path.Combine(here, "card-pins.json"), Path.Combine(there, "card-pins.json"));
        Assert.False(CardPinBook.Open(there).Check(Card, "4821"));

        // Removing the PIN: the card no longer has one.
        Assert.Null(book.Set(Card, null));
        Assert.False(CardPinBook.Open(here).Has(Card));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("123456789")]
    [InlineData("12a4")]
    [InlineData("١٢٣٤")]
    public void A_pin_that_is_not_4_to_8_ascii_digits_is_refused_and_nothing_is_stored(string pin)
    {
        var book = CardPinBook.Open(_folder.Path);
        Assert.Equal("a PIN is 4 to 8 digits", book.Set(Card, pin));
        Assert.False(book.Has(Card));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "card-pins.json")));
    }

    [Fact]
    public void Wrong_pins_make_the_card_wait_longer_each_time_and_the_right_one_clears_the_count()
    {
        var time = new FakeTimeProvider();
        var guard = new CardPinGuard(time);
        for (var i = 0; i < CardPinGuard.FreeTries; i++) Assert.Equal(TimeSpan.Zero, guard.Wrong(Card));
        Assert.Null(guard.Wait(Card));
        Assert.Equal(TimeSpan.FromSeconds(30), guard.Wrong(Card));
        Assert.Equal(TimeSpan.FromSeconds(30), guard.Wait(Card));
        Assert.Null(guard.Wait("another card"));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(guard.Wait(Card));
        Assert.Equal(TimeSpan.FromSeconds(60), guard.Wrong(Card));
        Assert.Equal(TimeSpan.FromSeconds(120), guard.Wrong(Card));
        for (var i = 0; i < 20; i++) guard.Wrong(Card);
        Assert.Equal(CardPinGuard.LongestWait, guard.Wait(Card));
        guard.Right(Card);
        Assert.Null(guard.Wait(Card));
        Assert.Equal(TimeSpan.Zero, guard.Wrong(Card));
    }
}
