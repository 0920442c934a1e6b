using System.Diagnostics;

namespace Kiosk.Gateway.Audio;

/// <summary>
/// A headphone socket's jack detection as ALSA shows it: the card's "Headphone Jack" control, read with
/// <c>amixer -c CARD cget iface=CARD,name='CONTROL'</c> (alsa-utils). Sound cards whose socket has no detection switch
/// (the Raspberry Pi's own 3.5 mm socket among them) have no such control: <see cref="Plugged"/> is then null.
/// </summary>
public sealed class AlsaHeadphoneJack(string card, string control = AlsaHeadphoneJack.DefaultControl) : IHeadphoneJack
{
    /// <summary>The control's usual name.</summary>
    public const string DefaultControl = "Headphone Jack";

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The ALSA card (number or name).</summary>
    public string Card { get; } = card ?? throw new ArgumentNullException(nameof(card));

    /// <summary>The jack control's name.</summary>
    public string Control { get; } = control ?? throw new ArgumentNullException(nameof(control));

    /// <summary>Reads a setting "CARD" or "CARD:CONTROL" (<c>--headphone-jack</c>).</summary>
    public static AlsaHeadphoneJack Parse(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var colon = setting.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new AlsaHeadphoneJack(setting.Trim()) : new AlsaHeadphoneJack(setting[..colon].Trim(), setting[(colon + 1)..].Trim());
    }

    /// <inheritdoc />
    public bool? Plugged()
    {
        try
        {
            var start = new ProcessStartInfo("amixer") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-c", Card, "cget", $"iface=CARD,name={Control}" }) start.ArgumentList.Add(argument);
            using var amixer = Process.Start(start);
            if (amixer is null) return null;
            amixer.StandardInput.Close();
            var output = amixer.StandardOutput.ReadToEndAsync();
            if (!amixer.WaitForExit(ReadTimeout))
            {
                amixer.Kill();
                return null;
            }
            return amixer.ExitCode == 0 ? StateIn(output.Result) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no amixer: the socket's state cannot be read
        }
    }

    /// <summary>The switch's state in amixer's answer (<c>  : values=on</c>), or null when it has none.</summary>
    public static bool? StateIn(string amixerOutput)
    {
        ArgumentNullException.ThrowIfNull(amixerOutput);
        foreach (var line in amixerOutput.Split('\n'))
        {
            var at = line.IndexOf(": values=", StringComparison.Ordinal);
            if (at < 0) continue;
            var value = line[(at + ": values=".Length)..].Trim();
            if (value == "on") return true;
            if (value == "off") return false;
        }
        return null;
    }
}
