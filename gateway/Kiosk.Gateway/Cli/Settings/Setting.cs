namespace Kiosk.Gateway.Cli.Settings;

/// <summary>The effective value of one setting and where it came from.</summary>
/// <param name="Key">The setting's name (<c>kiosk-port</c>).</param>
/// <param name="Value">The value.</param>
/// <param name="Origin">Flag, environment, file or default.</param>
/// <param name="Where">The flag (<c>--kiosk-port</c>), the variable (<c>KIOSK_KIOSK_PORT</c>), <c>FILE line N</c>, or <c>default</c>.</param>
public sealed record Setting<T>(string Key, T Value, SettingOrigin Origin, string Where)
{
    /// <summary>
    /// A user error about this value: where it came from, what is wrong, and the fix (set in the same place, so the
    /// message points at what the user has to edit).
    /// </summary>
    public UserErrorException Invalid(string problem, string fix) => Origin switch
    {
        SettingOrigin.File => new UserErrorException($"{Where}: {Key} = {Shown}: {problem}; fix: {fix.Replace("{}", Key + " = ", StringComparison.Ordinal)}"),
        SettingOrigin.Environment => new UserErrorException($"{Where}={Value}: {problem}; fix: {fix.Replace("{}", Where + "=", StringComparison.Ordinal)}"),
        _ => new UserErrorException($"--{Key} {Value}: {problem}; fix: {fix.Replace("{}", "--" + Key + " ", StringComparison.Ordinal)}"),
    };

    private string Shown => Value is string s ? $"\"{s}\"" : $"{Value}";
}
