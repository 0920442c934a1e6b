using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Kiosk.Gateway.Audio;
using Kiosk.Gateway.Cli.Settings;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The options of commands that serve the web surfaces (<c>kiosk run</c>, <c>kiosk demo</c>): addresses and ports of
/// the kiosk and the console, the kiosk's idle timeout, and the wired button station (pin map, GPIO driver, the device
/// it votes as), the log level. A configured port that is busy stops <c>kiosk run</c> (a kiosk pointed at a fixed address
/// must not find nothing there); only the demo (<paramref name="movePorts"/>) moves to a free port, and says so.
/// </summary>
public sealed class ServeOptions(GpioChoice defaultGpio = GpioChoice.Auto, bool movePorts = false, LogLevel defaultLogLevel = LogLevel.Information)
{
    /// <summary>The kiosk's preferred port.</summary>
    public const int DefaultKioskPort = 8080;

    /// <summary>The console's preferred port.</summary>
    public const int DefaultConsolePort = 8081;

    /// <summary>The peer listener's preferred port: the registered port of MQTT over TLS.</summary>
    public const int DefaultPeerPort = 8883;

    public Option<string> KioskAddress { get; } = new("--kiosk-address") { Description = "Address of the kiosk and board.", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<int> KioskPort { get; } = new("--kiosk-port") { Description = "Port of the kiosk and board (0: any free port).", DefaultValueFactory = _ => DefaultKioskPort };
    public Option<string> ConsoleAddress { get; } = new("--console-address") { Description = "Address of the facilitators' console.", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<int> ConsolePort { get; } = new("--console-port") { Description = "Port of the console (0: any free port).", DefaultValueFactory = _ => DefaultConsolePort };
    public Option<string> ConsoleTlsOption { get; } = new("--console-tls") { Description = "HTTPS for the console: auto (whenever it listens on anything but loopback) or on (loopback too).", DefaultValueFactory = _ => "auto" };
    public Option<int> MqttPort { get; } = new("--mqtt-port") { Description = "Port of the device broker for wireless buttons (-1: none; 0: any free port).", DefaultValueFactory = _ => 1883 };
    public Option<int> PeerPort { get; } = new("--peer-port") { Description = "Port of the peer listener, where other gateways of the mesh connect (MQTT over TLS; -1: none; 0: any free port).", DefaultValueFactory = _ => DefaultPeerPort };
    public Option<string> PeerAddress { get; } = new("--peer-address") { Description = "Address of the peer listener (127.0.0.1 by default: use 0.0.0.0 or the LAN address so other gateways can reach it).", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<bool> NoDiscovery { get; } = new("--no-discovery") { Description = "Do not look for the assembly's other gateways on the LAN (DNS-SD over mDNS), nor advertise this one: dial only the peers of kiosk peer add." };
    public Option<int> PeerRedial { get; } = new("--peer-redial") { Description = "Longest wait, in seconds, between dials of an unreachable peer (the wait doubles from 1 s up to this).", DefaultValueFactory = _ => 60 };
    public Option<string> MqttAddress { get; } = new("--mqtt-address") { Description = "Address of the device broker.", DefaultValueFactory = _ => GatewayOptions.Loopback };
    public Option<string> Board { get; } = new("--board") { Description = "Pin map of the wired button station: a board name (raspberry-pi-4, raspberry-pi-5) or a JSON file.", DefaultValueFactory = _ => WiredStationOptions.DefaultBoard };
    public Option<string> Gpio { get; } = new("--gpio") { Description = $"GPIO driver of the wired station: libgpiod, sim (simulated pins) or none (default: {(defaultGpio == GpioChoice.Auto ? "libgpiod when the header's /dev/gpiochipN exists, else none" : defaultGpio.ToString().ToLowerInvariant())})." };
    public Option<int?> GpioChip { get; } = new("--gpio-chip") { Description = "GPIO chip N (/dev/gpiochipN) of the 40-pin header for libgpiod (default: detected from the board: the chip labelled pinctrl-rp1/-bcm2711/-bcm2835, else 4 on a Raspberry Pi 5, else 0)." };
    public Option<string> StationDevice { get; } = new("--station-device") { Description = "Enrolled device (of this gateway, with a member) the wired station votes as in roll-call ballots; without it the buttons drive the kiosk." };
    public Option<string> CardPin { get; } = new("--card-pin") { Description = "Card-plus-PIN for roll-call votes by member card at the wired station: optional (only cards enrolled here with a PIN need it) or required (every card needs its PIN, typed on the station's keypad).", DefaultValueFactory = _ => "optional" };
    public Option<string> Printer { get; } = new("--printer") { Description = "Device file of the kiosk's ESC/POS receipt printer (a USB thermal printer: /dev/usb/lp0); without it the receipt screen asks the resident to write the tracker down." };
    public Option<string> Audio { get; } = new("--audio") { Description = "The kiosk's audio ballot (espeak-ng speech): off, headphones (the kiosk's browser plays to a headphone socket) or loudspeaker (heard by everyone near the kiosk; only when wanted).", DefaultValueFactory = _ => "off" };
    public Option<string> HeadphoneJack { get; } = new("--headphone-jack") { Description = "ALSA card (and jack control, CARD:CONTROL, default control 'Headphone Jack') whose jack detection starts audio mode when headphones go in and keeps speech silent while the socket is empty." };
    public Option<string> AudioKey { get; } = new("--audio-key") { Description = "Keyboard key (a KeyboardEvent.key name) that switches the kiosk's audio mode on and off.", DefaultValueFactory = _ => "F2" };
    public Option<bool> Camera { get; } = new("--camera") { Description = "The kiosk has a camera (a USB webcam facing the resident): the welcome and code screens show its picture and read the QR code of a slip held up to it." };
    public Option<int> IdleSeconds { get; } = new("--idle") { Description = "Seconds without a touch before the kiosk resets.", DefaultValueFactory = _ => GatewayOptions.DefaultIdleSeconds };

    public Option<string> LogLevelOption { get; } = new("--log-level") { Description = $"Least important log lines shown: trace, debug, information, warning, error, critical or none (default {defaultLogLevel.ToString().ToLowerInvariant()}).", DefaultValueFactory = _ => defaultLogLevel.ToString().ToLowerInvariant() };

    /// <summary>Every option, in the order of <see cref="AddTo"/>.</summary>
    public IReadOnlyList<Option> All => [KioskAddress, KioskPort, ConsoleAddress, ConsolePort, ConsoleTlsOption, MqttPort, MqttAddress, PeerPort, PeerAddress, PeerRedial, NoDiscovery,
        IdleSeconds, Printer, Camera, Audio, HeadphoneJack, AudioKey, Board, Gpio, GpioChip, StationDevice, CardPin, LogLevelOption];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(LogLevelOption);
        command.Options.Add(KioskAddress);
        command.Options.Add(KioskPort);
        command.Options.Add(ConsoleAddress);
        command.Options.Add(ConsolePort);
        command.Options.Add(ConsoleTlsOption);
        command.Options.Add(MqttPort);
        command.Options.Add(MqttAddress);
        command.Options.Add(PeerPort);
        command.Options.Add(PeerAddress);
        command.Options.Add(PeerRedial);
        command.Options.Add(NoDiscovery);
        command.Options.Add(IdleSeconds);
        command.Options.Add(Printer);
        command.Options.Add(Camera);
        command.Options.Add(Audio);
        command.Options.Add(HeadphoneJack);
        command.Options.Add(AudioKey);
        command.Options.Add(Board);
        command.Options.Add(Gpio);
        command.Options.Add(GpioChip);
        command.Options.Add(StationDevice);
        command.Options.Add(CardPin);
    }

    /// <summary>
    /// The host's options for the data folder (<paramref name="dataPath"/>, else that of <paramref name="context"/>) and
    /// gateway key. <paramref name="index"/> numbers the gateways of a mesh demo on one machine: gateway i prefers the
    /// given ports moved up by i (the kiosk and console by 2i, so each gateway's pair stays together).
    /// </summary>
    public GatewayOptions Read(CommandContext context, string gatewayKeyName, string? dataPath = null, int index = 0) =>
        Read(context, SettingsReader.FlagsOnly(context?.Parse ?? throw new ArgumentNullException(nameof(context))), gatewayKeyName, dataPath, index);

    /// <summary>
    /// As <see cref="Read(CommandContext, string, string?, int)"/>, each value read through <paramref name="settings"/> (flags,
    /// environment, file); without <paramref name="probePorts"/> the values are checked but the ports not tried.
    /// </summary>
    public GatewayOptions Read(CommandContext context, SettingsReader settings, string gatewayKeyName, string? dataPath = null, int index = 0, bool probePorts = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var kioskAddress = Address(settings.Get(KioskAddress));
        var consoleAddress = Address(settings.Get(ConsoleAddress));
        var mqttAddress = Address(settings.Get(MqttAddress));
        var peerAddress = Address(settings.Get(PeerAddress));
        var redial = settings.Get(PeerRedial);
        if (redial.Value is < 1 or > 3600) throw redial.Invalid("the longest redial wait is between 1 and 3600 seconds", "{}60");
        var idle = settings.Get(IdleSeconds);
        if (idle.Value is < 1 or > 3600) throw idle.Invalid("the idle timeout is between 1 and 3600 seconds", $"{{}}{GatewayOptions.DefaultIdleSeconds}");
        var logLevel = ReadLogLevel(settings.Get(LogLevelOption));
        var consoleTls = ReadConsoleTls(settings.Get(ConsoleTlsOption));
        var ports = new PortChecks(context, movePorts, probePorts);
        return new GatewayOptions
        {
            DataPath = dataPath ?? context.Data.Root.FullName,
            GatewayKeyName = gatewayKeyName,
            ResidentAddress = kioskAddress.ToString(),
            ResidentPort = ports.Check(settings.Get(KioskPort), kioskAddress, 2 * index, "the kiosk and board", allowNone: false),
            ConsoleAddress = consoleAddress.ToString(),
            ConsolePort = ports.Check(settings.Get(ConsolePort), consoleAddress, 2 * index, "the console", allowNone: false),
            ConsoleTls = consoleTls,
            IdleTimeout = TimeSpan.FromSeconds(idle.Value),
            PrinterPath = index == 0 ? settings.Get(Printer).Value : null, // one printer per machine: the first gateway's
            Camera = index == 0 && settings.Get(Camera).Value, // one camera per machine: the first gateway's
            Audio = index == 0 ? ReadAudio(settings) : null, // one headphone socket per machine: the first gateway's
            DeviceBrokerAddress = mqttAddress.ToString(),
            DeviceBrokerPort = ports.Check(settings.Get(MqttPort), mqttAddress, index, "the device broker", allowNone: true) is var mqtt && mqtt < 0 ? null : mqtt,
            PeerAddress = peerAddress.ToString(),
            PeerPort = ports.Check(settings.Get(PeerPort), peerAddress, index, "the peer listener", allowNone: true) is var peer && peer < 0 ? null : peer,
            PeerRedialMaximum = TimeSpan.FromSeconds(redial.Value),
            Discovery = !settings.Get(NoDiscovery).Value,
            LogLevel = logLevel,
            Wired = index == 0 ? ReadWired(context, settings) : null, // one wired station per machine: the first gateway's
            ControlCommands = static (args, output, error, cancellationToken) => KioskCli.RunAsync([.. args], output, error, null, cancellationToken),
        };
    }

    private AudioOptions? ReadAudio(SettingsReader settings)
    {
        var setting = settings.Get(Audio);
        var output = (setting.Value ?? "off").ToLowerInvariant() switch
        {
            "off" => (AudioOutput?)null,
            "headphones" => AudioOutput.Headphones,
            "loudspeaker" => AudioOutput.Loudspeaker,
            _ => throw setting.Invalid("the audio ballot is off, headphones or loudspeaker", "{}headphones"),
        };
        var jack = settings.Get(HeadphoneJack);
        if (output is null)
        {
            if (jack.Value is not null) throw jack.Invalid("a headphone jack needs the audio ballot: add --audio headphones", "{}0");
            return null;
        }
        var key = settings.Get(AudioKey);
        if (string.IsNullOrWhiteSpace(key.Value)) throw key.Invalid("the audio key is a key name such as F2", "{}F2");
        if (jack.Value is not null && (jack.Value.Trim().Length == 0 || jack.Value.Trim().StartsWith(':')))
            throw jack.Invalid("the headphone jack is an ALSA card, optionally with its control: CARD or CARD:CONTROL", "{}0");
        return new AudioOptions
        {
            Output = output.Value,
            Jack = jack.Value is null ? null : AlsaHeadphoneJack.Parse(jack.Value),
            StartKey = key.Value.Trim(),
        };
    }

    private static LogLevel ReadLogLevel(Setting<string> setting) =>
        Enum.TryParse<LogLevel>(setting.Value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(setting.Value, out _)
            ? level
            : throw setting.Invalid("the log level is trace, debug, information, warning, error, critical or none", "{}information");

    private static ConsoleTls ReadConsoleTls(Setting<string> setting) => setting.Value?.ToLowerInvariant() switch
    {
        "auto" => ConsoleTls.Auto,
        "on" => ConsoleTls.On,
        _ => throw setting.Invalid("console TLS is auto (HTTPS whenever the console is reachable from other machines) or on (always HTTPS)", "{}auto"),
    };

    private WiredStationOptions? ReadWired(CommandContext context, SettingsReader settings)
    {
        var setting = settings.Get(Gpio);
        var text = setting.Value;
        var gpio = text is null ? defaultGpio : text.ToLowerInvariant() switch
        {
            "libgpiod" => GpioChoice.Libgpiod,
            "sim" => GpioChoice.Sim,
            "none" => GpioChoice.None,
            _ => throw setting.Invalid("the GPIO driver is libgpiod, sim or none", "{}libgpiod"),
        };
        var board = settings.Get(Board).Value!;
        var device = settings.Get(StationDevice).Value;
        var cardPinSetting = settings.Get(CardPin);
        var cardPinRequired = cardPinSetting.Value?.ToLowerInvariant() switch
        {
            null or "optional" => false,
            "required" => true,
            _ => throw cardPinSetting.Invalid("card-plus-PIN is optional or required", "{}required"),
        };
        var chipSetting = settings.Get(GpioChip);
        if (chipSetting.Value is < 0 or > 63) throw chipSetting.Invalid("the GPIO chip is a number between 0 and 63", "{}4");
        var chip = gpio is GpioChoice.Auto or GpioChoice.Libgpiod ? Kiosk.Hardware.GpioChipProbe.Choose(chipSetting.Value) : null;
        if (gpio == GpioChoice.Auto && !File.Exists(chip!.DevicePath))
        {
            context.Error.WriteLine($"notice: no {chip.DevicePath} here ({chip.Reason}), so no wired button station (use --gpio sim for simulated pins)");
            gpio = GpioChoice.None;
        }
        if (gpio == GpioChoice.None)
        {
            if (device is not null) throw new UserErrorException("--station-device needs a wired station: drop --gpio none");
            return null;
        }
        return gpio == GpioChoice.Sim
            ? new WiredStationOptions { Board = board, Driver = () => new Kiosk.Hardware.SimulatedGpioDriver(), DriverName = "simulated GPIO", StationDevice = device, CardPinRequired = cardPinRequired }
            : new WiredStationOptions { Board = board, Driver = () => OpenLibgpiod(chip!), DriverName = $"libgpiod {chip!.DevicePath} ({chip.Reason})", UsePwmBuzzer = true, StationDevice = device, CardPinRequired = cardPinRequired, Buses = new Kiosk.Hardware.LinuxStationBuses() };
    }

    private static System.Device.Gpio.Drivers.LibGpiodDriver OpenLibgpiod(Kiosk.Hardware.GpioChipChoice chip)
    {
        try
        {
            return new System.Device.Gpio.Drivers.LibGpiodDriver(chip.Chip);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException or UnauthorizedAccessException
            or PlatformNotSupportedException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
        {
            throw new UserErrorException($"--gpio libgpiod: cannot open {chip.DevicePath} ({e.Message}); install libgpiod, check the user is in the gpio group, set --gpio-chip, or use --gpio none", e);
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
        if (host.ConsoleUri.Scheme == Uri.UriSchemeHttps) await output.WriteLineAsync($"            certificate SHA-256 {host.ConsoleFingerprint} (check a browser shows the same on first use)");
        if (host.DeviceBrokerUri is { } broker) await output.WriteLineAsync($"  buttons:  {broker} (MQTT device broker)");
        if (host.PeerUri is { } peers) await output.WriteLineAsync($"  peers:    {peers.GetLeftPart(UriPartial.Authority)} (mesh: other gateways, MQTT over TLS)");
        if (host.WiredStation.Describe() is { } wired) await output.WriteLineAsync($"  wired:    {wired}");
    }

    private static IPAddress Address(Setting<string> setting) =>
        IPAddress.TryParse(setting.Value, out var address) ? address
            : throw setting.Invalid("an address is an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0 (every network)", "{}127.0.0.1");
}
