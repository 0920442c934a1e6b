namespace Kiosk.Gateway.Cli.Settings;

/// <summary>Where a setting's value came from, strongest first: a flag beats the environment, which beats the file.</summary>
public enum SettingOrigin
{
    /// <summary>A command-line flag.</summary>
    Flag,

    /// <summary>A <c>KIOSK_*</c> environment variable.</summary>
    Environment,

    /// <summary>The configuration file.</summary>
    File,

    /// <summary>The built-in default.</summary>
    Default,
}
