using System.Collections;
using System.CommandLine;
using System.Globalization;

namespace Kiosk.Gateway.Cli.Settings;

/// <summary>
/// Reads options the way <c>kiosk run</c> takes them: a flag on the command line, else a <c>KIOSK_*</c> environment
/// variable (<c>--kiosk-port</c> is <c>KIOSK_KIOSK_PORT</c>), else the configuration file (<c>kiosk-port = 8080</c>), else
/// the option's default. A value of the wrong kind is a user error naming where it was set and the fix.
/// </summary>
public sealed class SettingsReader
{
    /// <summary>The prefix of the environment variables.</summary>
    public const string EnvironmentPrefix = "KIOSK_";

    private readonly ParseResult _parse;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private SettingsReader(ParseResult parse, IReadOnlyDictionary<string, string> environment, ConfigFile? file)
    {
        _parse = parse;
        _environment = environment;
        File = file;
    }

    /// <summary>The configuration file read, or null (flags only, or no file on this machine).</summary>
    public ConfigFile? File { get; }

    /// <summary>A reader of flags and defaults only (the demo: a machine's service configuration is not the demo's).</summary>
    public static SettingsReader FlagsOnly(ParseResult parse) =>
        new(parse ?? throw new ArgumentNullException(nameof(parse)), new Dictionary<string, string>(), null);

    /// <summary>
    /// A reader of flags, <paramref name="environment"/> and the configuration file: the one <paramref name="config"/> names,
    /// else the one <c>KIOSK_CONFIG</c> names (both must exist), else <see cref="ConfigFile.DefaultPath"/> when it exists.
    /// Keys of the file must be those of <paramref name="options"/>.
    /// </summary>
    public static SettingsReader Load(ParseResult parse, Option<string?> config, IEnumerable<Option> options, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in environment)
            if (e.Key is string k && k.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && e.Value is string v) variables[k] = v;
        var known = options.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        string? path = parse.GetValue(config);
        var named = path is not null ? "--config" : null;
        if (path is null && variables.TryGetValue(ConfigFile.PathVariable, out var fromEnvironment) && fromEnvironment.Length > 0)
            (path, named) = (fromEnvironment, ConfigFile.PathVariable);
        ConfigFile? file = null;
        if (path is not null)
        {
            if (!System.IO.File.Exists(path)) throw new UserErrorException($"{named} names {path}, which does not exist; fix: create it or name the right file");
            file = ConfigFile.Read(path, known);
        }
        else if (System.IO.File.Exists(ConfigFile.DefaultPath))
        {
            file = ConfigFile.Read(ConfigFile.DefaultPath, known);
        }
        return new SettingsReader(parse, variables, file);
    }

    /// <summary>The setting's name: the option's name without its dashes.</summary>
    public static string KeyOf(Option option) => (option ?? throw new ArgumentNullException(nameof(option))).Name.TrimStart('-');

    /// <summary>The environment variable of <paramref name="option"/>.</summary>
    public static string VariableOf(Option option) => EnvironmentPrefix + KeyOf(option).ToUpperInvariant().Replace('-', '_');

    /// <summary>The effective value of <paramref name="option"/> and where it came from.</summary>
    public Setting<T> Get<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var key = KeyOf(option);
        if (_parse.GetResult(option) is { Implicit: false })
            return new Setting<T>(key, _parse.GetValue(option)!, SettingOrigin.Flag, option.Name);
        var variable = VariableOf(option);
        if (_environment.TryGetValue(variable, out var text))
            return new Setting<T>(key, FromText<T>(text, key, $"{variable}={text}"), SettingOrigin.Environment, variable);
        if (File?.Entries.TryGetValue(key, out var entry) == true)
        {
            var where = $"{File.Path} line {entry.Line}";
            return new Setting<T>(key, FromFile<T>(entry, $"{where}: {key}"), SettingOrigin.File, where);
        }
        return new Setting<T>(key, _parse.GetValue(option)!, SettingOrigin.Default, "default");
    }

    private static T FromText<T>(string text, string key, string where)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type == typeof(string)) return (T)(object)text;
        if (type == typeof(DirectoryInfo)) return (T)(object)new DirectoryInfo(text);
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (T)(object)n
                : throw new UserErrorException($"{where}: {key} is a whole number; fix: set it to digits only");
        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => (T)(object)true,
                "false" or "0" or "no" or "" => (T)(object)false,
                _ => throw new UserErrorException($"{where}: {key} is true or false; fix: set it to true or false"),
            };
        }
        throw new InvalidOperationException($"no reading of {type.Name} settings");
    }

    private static T FromFile<T>(ConfigEntry entry, string where)
    {
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type == typeof(string) || type == typeof(DirectoryInfo))
        {
            if (entry.Value is not string s) throw new UserErrorException($"{where} = {entry.Value} is not text; fix: put the value in double quotes ({entry.Key} = \"{entry.Value}\")");
            return type == typeof(string) ? (T)(object)s : (T)(object)new DirectoryInfo(s);
        }
        if (type == typeof(int))
        {
            return entry.Value is long n && n is >= int.MinValue and <= int.MaxValue ? (T)(object)(int)n
                : throw new UserErrorException($"{where} = {Show(entry.Value)} is not a whole number; fix: write digits without quotes ({entry.Key} = 8080)");
        }
        if (type == typeof(bool))
        {
            return entry.Value is bool b ? (T)(object)b
                : throw new UserErrorException($"{where} = {Show(entry.Value)} is not true or false; fix: write {entry.Key} = true or {entry.Key} = false, without quotes");
        }
        throw new InvalidOperationException($"no reading of {type.Name} settings");
    }

    private static string Show(object value) => value is string s ? $"\"{s}\"" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
