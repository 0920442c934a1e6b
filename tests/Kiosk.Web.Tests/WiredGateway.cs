using Kiosk.Gateway.Audio;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Kiosk.Hardware;
using Kiosk.Gateway.Web.Console;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Time.Testing;

namespace Kiosk.Web.Tests;

/// <summary>
/// A gateway of its own (a demo assembly in a temporary folder) whose wired station runs on a <see cref="SimulatedGpioDriver"/>
/// with a fake clock, so a test presses pins and moves debounce time on without sleeping.
/// </summary>
public sealed class WiredGateway : IAsyncDisposable
{
    /// <summary>The roll-call ballot <see cref="StartAsync"/> opens when asked.</summary>
    public const string RollCallBallot = "delegates-assembly-motion";

    /// <summary>The built-in pin map with the card reader, display and keypad, used when the test gives buses.</summary>
    public const string StationBoard = "raspberry-pi-4-station";

    private WiredGateway(string data, IReadOnlyList<string> codes)
    {
        DataPath = data;
        Codes = codes;
    }

    public string DataPath { get; }
    public IReadOnlyList<string> Codes { get; }
    public SimulatedGpioDriver Driver { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
    public GatewayHost Host { get; private set; } = null!;
    public BoardPinMap Map => Host.WiredStation.Map!;

    /// <summary>Creates the assembly (with the roll-call ballot open when <paramref name="rollCall"/>) and starts the host.</summary>
    public static async Task<WiredGateway> StartAsync(bool rollCall = false, string? stationDevice = null, IStationBuses? buses = null, bool cardPinRequired = false, bool audio = false)
    {
        var path = Directory.CreateTempSubdirectory("kiosk-wired").FullName;
        var data = new DataFolder(new DirectoryInfo(path));
        var codes = await DemoAssembly.CreateAsync(data, 2, CancellationToken.None, argonMemoryKiB: 8 * 1024);
        if (rollCall) await OpenRollCallAsync(data);
        var world = new WiredGateway(path, codes);
        world.Host = await GatewayHost.StartAsync(WebFixture.Options(path) with
        {
            Wired = new WiredStationOptions { Board = buses is null ? WiredStationOptions.DefaultBoard : StationBoard, Driver = () => world.Driver, DriverName = "simulated GPIO", Time = world.Time, StationDevice = stationDevice, Buses = buses, CardPinRequired = cardPinRequired },
            Audio = audio ? new AudioOptions() : null,
        });
        return world;
    }

    private static async Task OpenRollCallAsync(DataFolder data)
    {
        await using var ledger = data.OpenLedger();
        using var ana = data.ReadKey(DemoAssembly.FacilitatorKey);
        var ballot = BallotFile.Parse(BallotTemplates.All["roll-call"], "roll-call.yaml", yaml: true) with { ClosesAt = null };
        Assert.Equal(RollCallBallot, ballot.Id);
        await ledger.AppendOrFailAsync(ana, VotingKinds.BallotPublished, new BallotPublishedBody(ballot), CancellationToken.None);
        await ledger.AppendOrFailAsync(ana, VotingKinds.BallotOpened, new BallotRefBody(ballot.Id), CancellationToken.None);
    }

    /// <summary>Whether the LED of <paramref name="button"/> is lit.</summary>
    public bool LedOn(string button) => Driver.ValueOf(Map.Station.Leds[button]) == System.Device.Gpio.PinValue.High;

    /// <summary>A clean press of <paramref name="button"/> held <paramref name="holdMs"/>, then released and settled.</summary>
    public void Click(string button, int holdMs = 100)
    {
        var pin = Map.Station.Buttons.TryGetValue(button, out var choice) ? choice : Map.Station.Controls[button];
        Driver.Press(pin);
        Advance(holdMs);
        Driver.Release(pin);
        Advance(50);
    }

    /// <summary>Presses and lets go of <paramref name="key"/> on the pin map's keypad (its row and column joined while held).</summary>
    public void Key(char key)
    {
        var pad = Map.Station.Keypad!;
        var index = pad.Keys.IndexOf(key, StringComparison.Ordinal);
        var (row, column) = (pad.Rows[index / pad.Columns.Count], pad.Columns[index % pad.Columns.Count]);
        Driver.Join(row, column);
        Advance(80);
        Driver.Part(row, column);
        Advance(60);
    }

    /// <summary>Types <paramref name="keys"/> on the keypad.</summary>
    public void Type(string keys)
    {
        foreach (var key in keys) Key(key);
    }

    /// <summary>Moves the fake clock in 1 ms steps (a timer set inside a callback counts from the step it was set in).</summary>
    public void Advance(int ms)
    {
        for (var i = 0; i < ms; i++) Time.Advance(TimeSpan.FromMilliseconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        Directory.Delete(DataPath, recursive: true);
    }
}
