using Kiosk.Hardware.Tests.Support;

namespace Kiosk.Hardware.Tests;

/// <summary>
/// Member cards through the real Iot.Device.Bindings code: Mfrc522 on a fake SPI chip, Pn532 on a fake I2C chip and on
/// a fake UART (a pseudo-terminal pair), each answering like the chip. A card laid on the reader is one tap; taken away and laid again, a second.
/// </summary>
public sealed class CardReaderTests
{
    private static readonly byte[] Uid = [0x04, 0xA1, 0xB2, 0xC3];

    [Fact]
    public void The_mfrc522_binding_reads_a_card_uid_through_reqa_anticollision_and_select()
    {
        var chip = new FakeMfrc522();
        using var reader = new Mfrc522CardReader(chip);
        Assert.Null(reader.ReadCard());

        chip.PlaceCard(Uid);

        Assert.Equal("04A1B2C3", reader.ReadCard());
        Assert.Equal(1, chip.Selects);
    }

    [Fact]
    public void A_card_left_on_the_mfrc522_is_one_tap_and_a_second_tap_is_seen()
    {
        var chip = new FakeMfrc522();
        using var reader = new Mfrc522CardReader(chip);
        using var watcher = new CardTapWatcher(reader);
        var taps = new List<string>();
        watcher.Tapped += (_, uid) => taps.Add(uid);

        chip.PlaceCard(Uid);
        for (var i = 0; i < 5; i++) watcher.Poll();
        Assert.Equal(["04A1B2C3"], taps);
        Assert.Equal(1, chip.Selects);   // halted after the first read: it stays quiet while it lies there

        chip.PlaceCard(null);
        watcher.Poll();
        chip.PlaceCard([0x11, 0x22, 0x33, 0x44]);
        watcher.Poll();
        chip.PlaceCard(Uid);
        watcher.Poll();

        Assert.Equal(["04A1B2C3", "11223344", "04A1B2C3"], taps);
    }

    [Fact]
    public void The_pn532_binding_reads_a_card_uid_with_InListPassiveTarget()
    {
        var chip = new FakePn532();
        using var reader = new Pn532CardReader(chip);
        Assert.Null(reader.ReadCard());

        chip.PlaceCard(Uid);

        Assert.Equal("04A1B2C3", reader.ReadCard());
        Assert.Equal(1, chip.CardsListed);
    }

    [Fact]
    public void The_pn532_binding_reads_a_card_uid_over_a_uart()
    {
        // The binding takes only a port name for HSU: a pseudo-terminal pair is the wire, the fake answers at its other end.
        using var wire = new Pn532OnPty();
        using var reader = new Pn532CardReader(wire.PortName);
        Assert.Null(reader.ReadCard());

        wire.Chip.PlaceCard(Uid);

        Assert.Equal("04A1B2C3", reader.ReadCard());
        Assert.Equal(1, wire.Chip.CardsListed);
    }

    [Fact]
    public void The_watcher_polls_on_its_time_provider()
    {
        var chip = new FakePn532();
        using var reader = new Pn532CardReader(chip);
        using var watcher = new CardTapWatcher(reader);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var taps = new List<string>();
        watcher.Tapped += (_, uid) => taps.Add(uid);
        watcher.Start(time);
        chip.PlaceCard(Uid);
        Assert.Empty(taps);

        time.Advance(CardTapWatcher.DefaultInterval);
        time.Advance(CardTapWatcher.DefaultInterval);

        Assert.Equal(["04A1B2C3"], taps);
    }
}
