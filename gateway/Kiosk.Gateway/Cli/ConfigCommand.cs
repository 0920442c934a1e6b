using System.CommandLine;
using Kiosk.Gateway.Cli.Settings;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk config check</c>: reads the configuration as <c>kiosk run</c> would (flags, then <c>KIOSK_*</c> environment
/// variables, then the file, then defaults), checks every value, and prints each with where it came from. A bad value
/// exits 2 with the file, the line and the fix, as <c>kiosk run</c> would.
/// </summary>
public static class ConfigCommand
{
    /// <summary>Builds the <c>config</c> command.</summary>
    public static Command Create(System.Collections.IDictionary? environment = null)
    {
        var settings = new RunSettings(environment);
        var check = new Command("check", "Print the effective configuration of kiosk run and where each value comes from; exit 2 on a bad value.");
        settings.AddTo(check);
        check.SetAction(async context =>
        {
            var reader = settings.Reader(context);
            // The same reading and checks as kiosk run (ports are not probed: a running gateway holds its own).
            var data = reader.Get(CommonOptions.Data).Value;
            settings.Serve.Read(context, reader, "config-check", data.FullName, probePorts: false);
            var rows = settings.Configurable.Select(o => Describe(reader, o)).ToList();
            var file = reader.File?.Path ?? $"none ({ConfigFile.DefaultPath} does not exist)";
            if (context.Json)
            {
                await context.WriteJsonAsync(new ConfigOutput(file, rows.Select(r => new SettingOutput(r.Key, r.Value, r.Origin.ToString().ToLowerInvariant(), r.Where))));
                return 0;
            }
            await context.Output.WriteLineAsync($"configuration file: {file}");
            var table = new Table().AddColumns("setting", "value", "from");
            foreach (var r in rows) table.AddRow(Markup.Escape(r.Key), Markup.Escape(r.Value), Markup.Escape(r.Where));
            context.Console.Write(table);
            return 0;
        });
        return new Command("config", "The configuration of kiosk run: /etc/kiosk/kiosk.conf, KIOSK_* environment variables and flags.") { check };
    }

    private sealed record Row(string Key, string Value, SettingOrigin Origin, string Where);

    private static Row Describe(SettingsReader reader, Option option) => option switch
    {
        Option<int> o => ToRow(reader.Get(o), v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Option<int?> o => ToRow(reader.Get(o), v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(detected)"),
        Option<bool> o => ToRow(reader.Get(o), v => v ? "true" : "false"),
        Option<string> o => ToRow(reader.Get(o), v => v ?? "(none)"),
        Option<DirectoryInfo> o => ToRow(reader.Get(o), v => v.FullName),
        _ => throw new InvalidOperationException($"no description of {option.Name}"),
    };

    private static Row ToRow<T>(Setting<T> s, Func<T, string> show) => new(s.Key, show(s.Value), s.Origin, s.Where);

    /// <summary>The --json output of config check.</summary>
    internal sealed record ConfigOutput(string File, IEnumerable<SettingOutput> Settings);

    /// <summary>One setting: its value, and where it came from.</summary>
    internal sealed record SettingOutput(string Key, string Value, string Origin, string Where);
}
