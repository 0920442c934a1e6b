using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The options of commands that serve the web surfaces (<c>kiosk run</c>, <c>kiosk demo</c>): addresses and ports of
/// the kiosk and the console, the kiosk's idle timeout, and the wired button station (pin map, GPIO driver, the device
/// it votes as). A preferred port that is busy becomes a free one.
/// </summary>
public sealed class ServeOptions(GpioChoice defaultGpio = GpioChoice.Auto)
{
    /// <summary>The GPIO chip of a Raspberry Pi's 40-pin header (libgpiod).</summary>
    public const int GpioChip = 0;

    /// <summary>The character device of <see cref="GpioChip"/>.</summary>
    public const string GpioChipPath = "/dev/gpiochip0";

    /// <summary>The kiosk's preferred port.</summary>
    public const int DefaultKioskPort = 8080;

    /// <summary>The console's preferred port.</summary>
    public const int DefaultConsolePort = 8081;

    /// <summary>The peer listener's preferred port: the registered port of MQTT over TLS.</summary>
    public const int DefaultPeerPort = 8883;

    public Option<string> KioskAddress { get; } = new("--kiosk-address") { Description = "Address of the kiosk and board.", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<int> KioskPort { get; } = new("--kiosk-port") { Description = "Port of the kiosk and board (0: any free port; a busy one is replaced by a free one).", DefaultValueFactory = _ => DefaultKioskPort };
    public Option<string> ConsoleAddress { get; } = new("--console-address") { Description = "Address of the facilitators' console.", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<int> ConsolePort { get; } = new("--console-port") { Description = "Port of the console (0: any free port).", DefaultValueFactory = _ => DefaultConsolePort };
    public Option<int> MqttPort { get; } = new("--mqtt-port") { Description = "Port of the device broker for wireless buttons (-1: none; 0: any free port; a busy one is replaced by a free one).", DefaultValueFactory = _ => 1883 };
    public Option<int> PeerPort { get; } = new("--peer-port") { Description = "Port of the peer listener, where other gateways of the mesh connect (MQTT over TLS; -1: none; 0: any free port; a busy one is replaced by a free one).", DefaultValueFactory = _ => DefaultPeerPort };
    public Option<string> PeerAddress { get; } = new("--peer-address") { Description = "Address of the peer listener (127.0.0.1 by default: use 0.0.0.0 or the LAN address so other gateways can reach it).", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<bool> NoDiscovery { get; } = new("--no-discovery") { Description = "Do not look for the assembly's other gateways on the LAN (DNS-SD over mDNS), nor advertise this one: dial only the peers of kiosk peer add." };
    public Option<int> PeerRedial { get; } = new("--peer-redial") { Description = "Longest wait, in seconds, between dials of an unreachable peer (the wait doubles from 1 s up to this).", DefaultValueFactory = _ => 60 };
    public Option<string> MqttAddress { get; } = new("--mqtt-address") { Description = "Address of the device broker.", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<string> Board { get; } = new("--board") { Description = "Pin map of the wired button station: a board name (raspberry-pi-4, raspberry-pi-5) or a JSON file.", DefaultValueFactory = _ => WiredStationOptions.DefaultBoard };
    public Option<string> Gpio { get; } = new("--gpio") { Description = $"GPIO driver of the wired station: libgpiod, sim (simulated pins) or none (default: {(defaultGpio == GpioChoice.Auto ? $"libgpiod when {GpioChipPath} exists, else none" : defaultGpio.ToString().ToLowerInvariant())})." };
    public Option<string> StationDevice { get; } = new("--station-device") { Description = "Enrolled device (of this gateway, with a member) the wired station votes as in roll-call ballots; without it the buttons drive the kiosk." };
    public Option<string> Printer { get; } = new("--printer") { Description = "Device file of the kiosk's ESC/POS receipt printer (a USB thermal printer: /dev/usb/lp0); without it the receipt screen asks the resident to write the tracker down." };
    public Option<int> IdleSeconds { get; } = new("--idle") { Description = "Seconds without a touch before the kiosk resets.", DefaultValueFactory = _ => GatewayOptions.DefaultIdleSeconds };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(KioskAddress);
        command.Options.Add(KioskPort);
        command.Options.Add(ConsoleAddress);
        command.Options.Add(ConsolePort);
        command.Options.Add(MqttPort);
        command.Options.Add(MqttAddress);
        command.Options.Add(PeerPort);
        command.Options.Add(PeerAddress);
        command.Options.Add(PeerRedial);
        command.Options.Add(NoDiscovery);
        command.Options.Add(IdleSeconds);
        command.Options.Add(Printer);
        command.Options.Add(Board);
        command.Options.Add(Gpio);
        command.Options.Add(StationDevice);
    }

    /// <summary>
    /// The host's options for the data folder (<paramref name="dataPath"/>, else that of <paramref name="context"/>) and
    /// gateway key. <paramref name="index"/> numbers the gateways of a mesh demo on one machine: gateway i prefers the
    /// given ports moved up by i (the kiosk and console by 2i, so each gateway's pair stays together).
    /// </summary>
    public GatewayOptions Read(CommandContext context, string gatewayKeyName, string? dataPath = null, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kioskAddress = Address(context.Get(KioskAddress)!, "--kiosk-address");
        var consoleAddress = Address(context.Get(ConsoleAddress)!, "--console-address");
        var mqttAddress = Address(context.Get(MqttAddress)!, "--mqtt-address");
        var mqttPort = Moved(context.Get(MqttPort), index);
        var peerAddress = Address(context.Get(PeerAddress)!, "--peer-address");
        var peerPort = Moved(context.Get(PeerPort), index);
        var redial = context.Get(PeerRedial);
        if (redial is < 1 or > 3600) throw new UserErrorException("--peer-redial is between 1 and 3600 seconds");
        var idle = context.Get(IdleSeconds);
        if (idle is < 1 or > 3600) throw new UserErrorException("--idle is between 1 and 3600 seconds");
        return new GatewayOptions
        {
            DataPath = dataPath ?? context.Data.Root.FullName,
            GatewayKeyName = gatewayKeyName,
            ResidentAddress = kioskAddress.ToString(),
            ResidentPort = FreeOr(kioskAddress, Moved(context.Get(KioskPort), 2 * index)),
            ConsoleAddress = consoleAddress.ToString(),
            ConsolePort = FreeOr(consoleAddress, Moved(context.Get(ConsolePort), 2 * index)),
            IdleTimeout = TimeSpan.FromSeconds(idle),
            PrinterPath = index == 0 ? context.Get(Printer) : null, // one printer per machine: the first gateway's
            DeviceBrokerAddress = mqttAddress.ToString(),
            DeviceBrokerPort = mqttPort < 0 ? null : FreeOr(mqttAddress, mqttPort),
            PeerAddress = peerAddress.ToString(),
            PeerPort = peerPort < 0 ? null : FreeOr(peerAddress, peerPort),
            PeerRedialMaximum = TimeSpan.FromSeconds(redial),
            Discovery = !context.Get(NoDiscovery),
            Wired = index == 0 ? ReadWired(context) : null, // one wired station per machine: the first gateway's
        };
    }

    /// <summary>A preferred port moved up by <paramref name="by"/>; 0 (any free port) and -1 (none) stay as they are.</summary>
    private static int Moved(int port, int by) => port > 0 && port + by <= 65535 ? port + by : port;

    private WiredStationOptions? ReadWired(CommandContext context)
    {
        var text = context.Get(Gpio);
        var gpio = text is null ? defaultGpio : text.ToLowerInvariant() switch
        {
            "libgpiod" => GpioChoice.Libgpiod,
            "sim" => GpioChoice.Sim,
            "none" => GpioChoice.None,
            _ => throw new UserErrorException($"--gpio is libgpiod, sim or none, not '{text}'"),
        };
        var board = context.Get(Board)!;
        var device = context.Get(StationDevice);
        if (gpio == GpioChoice.Auto && !File.Exists(GpioChipPath))
        {
            context.Error.WriteLine($"notice: no {GpioChipPath} here, so no wired button station (use --gpio sim for simulated pins)");
            gpio = GpioChoice.None;
        }
        if (gpio == GpioChoice.None)
        {
            if (device is not null) throw new UserErrorException("--station-device needs a wired station: drop --gpio none");
            return null;
        }
        return gpio == GpioChoice.Sim
            ? new WiredStationOptions { Board = board, Driver = () => new Kiosk.Hardware.SimulatedGpioDriver(), DriverName = "simulated GPIO", StationDevice = device }
            : new WiredStationOptions { Board = board, Driver = OpenLibgpiod, DriverName = $"libgpiod {GpioChipPath}", UsePwmBuzzer = true, StationDevice = device };
    }

    private static System.Device.Gpio.Drivers.LibGpiodDriver OpenLibgpiod()
    {
        try
        {
            return new System.Device.Gpio.Drivers.LibGpiodDriver(GpioChip);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException or UnauthorizedAccessException
            or PlatformNotSupportedException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
        {
            throw new UserErrorException($"--gpio libgpiod: cannot open {GpioChipPath} ({e.Message}); install libgpiod, check the user is in the gpio group, or use --gpio none", e);
        }
    }

    /// <summary>Prints where the surfaces are.</summary>
    public static async Task PrintUrlsAsync(TextWriter output, GatewayHost host)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(host);
        await output.WriteLineAsync($"  kiosk:    {new Uri(host.ResidentUri, "kiosk")}");
        await output.WriteLineAsync($"  board:    {new Uri(host.ResidentUri, "board")}");
        await output.WriteLineAsync($"  console:  {new Uri(host.ConsoleUri, "console")}");
        if (host.DeviceBrokerUri is { } broker) await output.WriteLineAsync($"  buttons:  {broker} (MQTT device broker)");
        if (host.PeerUri is { } peers) await output.WriteLineAsync($"  peers:    {peers.GetLeftPart(UriPartial.Authority)} (mesh: other gateways, MQTT over TLS)");
        if (host.WiredStation.Describe() is { } wired) await output.WriteLineAsync($"  wired:    {wired}");
    }

    private static IPAddress Address(string text, string option) =>
        IPAddress.TryParse(text, out var address) ? address : throw new UserErrorException($"{option} must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{text}'");

    /// <summary><paramref name="port"/> when it can be bound now, else 0 (Kestrel picks a free one).</summary>
    private static int FreeOr(IPAddress address, int port)
    {
        if (port is < 0 or > 65535) throw new UserErrorException($"{port} is not a port number (0–65535)");
        if (port == 0) return 0;
        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
            return port;
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
