namespace Kiosk.Gateway.Host;

/// <summary>
/// How the gateway's web surfaces are served: where the resident surface (kiosk and board) and the facilitators'
/// console listen, how long the kiosk waits before it resets, and how many logins an address may try.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>The default address of both surfaces: this machine only.</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>Seconds of no touch after which the kiosk goes back to its welcome screen.</summary>
    public const int DefaultIdleSeconds = 60;

    /// <summary>The data folder (ledger and keys).</summary>
    public required string DataPath { get; init; }

    /// <summary>The key name (in the data folder's keys) of the gateway this host writes votes as.</summary>
    public required string GatewayKeyName { get; init; }

    /// <summary>Address of the resident surface (<c>/kiosk</c>, <c>/board</c>).</summary>
    public string ResidentAddress { get; init; } = Loopback;

    /// <summary>Port of the resident surface; 0 picks a free one.</summary>
    public int ResidentPort { get; init; }

    /// <summary>Address of the console surface (<c>/console</c>).</summary>
    public string ConsoleAddress { get; init; } = Loopback;

    /// <summary>Port of the console surface; 0 picks a free one. Never the resident port.</summary>
    public int ConsolePort { get; init; }

    /// <summary>When the console is served over HTTPS: by default whenever it listens on anything but loopback.</summary>
    public ConsoleTls ConsoleTls { get; init; } = ConsoleTls.Auto;

    /// <summary>True when the console is served over HTTPS (its Secure cookies then work from any address).</summary>
    public bool ConsoleHttps => ConsoleTls == ConsoleTls.On || !System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(ConsoleAddress));

    /// <summary>Port of the device broker (MQTT, wireless buttons); null runs no broker, 0 picks a free port.</summary>
    public int? DeviceBrokerPort { get; init; }

    /// <summary>Address of the device broker.</summary>
    public string DeviceBrokerAddress { get; init; } = Loopback;

    /// <summary>Port of the peer listener (MQTT over TLS, other gateways of the mesh); null runs no mesh, 0 picks a free port.</summary>
    public int? PeerPort { get; init; }

    /// <summary>Longest wait between dials of an unreachable peer.</summary>
    public TimeSpan PeerRedialMaximum { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Address of the peer listener.</summary>
    public string PeerAddress { get; init; } = Loopback;

    /// <summary>
    /// Whether the mesh finds the assembly's other gateways on the LAN by DNS-SD (mDNS) and lets them find this one
    /// (<c>--no-discovery</c> switches it off). Only with a peer listener.
    /// </summary>
    public bool Discovery { get; init; } = true;

    /// <summary>The kiosk's idle timeout: after it the page goes back to the welcome and the server forgets the visit.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(DefaultIdleSeconds);

    /// <summary>The gateway's clock: kiosk idle resets, scheduled closes, which ballots are open, ballot-box batch windows (tests drive a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// How often, in real time, the gateway looks for ballots whose scheduled close has passed by <see cref="Time"/> (it also
    /// looks at once when a close commits or a hold of its feeds ends).
    /// </summary>
    public TimeSpan CloseCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Login attempts one address may make per <see cref="LoginWindow"/>.</summary>
    public int LoginAttempts { get; init; } = 5;

    /// <summary>The window of <see cref="LoginAttempts"/>.</summary>
    public TimeSpan LoginWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a facilitator stays logged in without activity.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The device file of the kiosk's ESC/POS receipt printer (<c>/dev/usb/lp0</c>); null prints no receipts.</summary>
    public string? PrinterPath { get; init; }

    /// <summary>Whether the kiosk has a camera to read the slip's QR code with (the welcome and code screens show its picture); false: typing or a USB scanner only.</summary>
    public bool Camera { get; init; }

    /// <summary>The kiosk's audio ballot (espeak-ng speech, headphones); null: the kiosk has no audio mode.</summary>
    public Kiosk.Gateway.Audio.AudioOptions? Audio { get; init; }

    /// <summary>The wired button station on the GPIO header; null runs none.</summary>
    public WiredStationOptions? Wired { get; init; }

    /// <summary>The least important log lines written (Information by default: start-up, refusals, failed logins, errors).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>A name put in front of every log line (gateways sharing one terminal, as in a mesh demo); null for plain lines.</summary>
    public string? LogName { get; init; }

    /// <summary>Further services to run in the same host (the device broker of issue 6, for example).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// Runs the command lines sent over the data folder's control socket (<see cref="ControlSocket"/>); null: no control
    /// socket, so commands that write are refused while this gateway runs.
    /// </summary>
    public ControlCommandRunner? ControlCommands { get; init; }
}
