using System.Net;
using System.Net.Sockets;
using Kiosk.Gateway.Cli.Settings;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// Checks, before the host starts, that each configured port can be listened on. A busy port stops <c>kiosk run</c>
/// with a sentence naming the port, what wanted it and the fix: a kiosk screen pointed at a fixed address must never
/// find some other program, or nothing, there. The demo (<paramref name="movePorts"/>) moves to a free port instead and
/// says so loudly on its output.
/// </summary>
internal sealed class PortChecks(CommandContext context, bool movePorts, bool probe = true)
{
    /// <summary>
    /// The port to listen on for <paramref name="setting"/>, moved up by <paramref name="by"/> (the gateways of a mesh demo
    /// on one machine): the port itself when free, 0 (any free port) when busy and moving is allowed, -1 for none.
    /// </summary>
    public int Check(Setting<int> setting, IPAddress address, int by, string what, bool allowNone)
    {
        var port = setting.Value;
        if (port < (allowNone ? -1 : 0) || port > 65535)
            throw setting.Invalid($"a port is a number from {(allowNone ? "-1 (none), " : "")}0 (any free port) to 65535", "{}" + (allowNone ? "-1" : "0"));
        if (port <= 0) return port;
        if (port + by <= 65535) port += by;
        if (!probe || IsFree(address, port)) return port;
        if (movePorts)
        {
            context.Output.WriteLine($"NOTE: port {port} on {address} is busy (another program listens there), so {what} moved to a free port: use the address printed below, not :{port}.");
            return 0;
        }
        throw new UserErrorException($"port {port} on {address} is already in use by another program, so {what} cannot listen there ({SourceOf(setting)}); "
            + $"fix: stop that program (ss -ltnp 'sport = :{port}' shows which), or choose a free port with --{setting.Key}, {SettingsReader.EnvironmentPrefix}{setting.Key.ToUpperInvariant().Replace('-', '_')} or {setting.Key} in {ConfigFile.DefaultPath}");
    }

    private static string SourceOf(Setting<int> setting) => setting.Origin switch
    {
        SettingOrigin.Flag => $"set by --{setting.Key}",
        SettingOrigin.Default => $"the default of --{setting.Key}",
        _ => $"set in {setting.Where}",
    };

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
