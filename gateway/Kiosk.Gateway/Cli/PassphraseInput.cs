using System.Text;

namespace Kiosk.Gateway.Cli;

/// <summary>Where a command reads a passphrase: a file's first line (for scripts and timers), else standard input, typed without echo on a terminal. Never the command line, which other users can see.</summary>
internal static class PassphraseInput
{
    /// <summary>The passphrase: the first line of <paramref name="file"/>, or one line from standard input.</summary>
    public static string Read(CommandContext context, FileInfo? file = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (file is not null)
        {
            if (!file.Exists) throw new UserErrorException($"--passphrase-file {file.FullName}: no such file");
            using var reader = file.OpenText();
            return reader.ReadLine() ?? throw new UserErrorException($"--passphrase-file {file.FullName} is empty: write the passphrase on its first line");
        }
        if (!System.Console.IsInputRedirected)
        {
            context.Error.Write("Passphrase: ");
            var typed = new StringBuilder();
            for (var k = System.Console.ReadKey(intercept: true); k.Key != ConsoleKey.Enter; k = System.Console.ReadKey(intercept: true))
            {
                if (k.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
                else if (!char.IsControl(k.KeyChar)) typed.Append(k.KeyChar);
            }
            context.Error.WriteLine();
            return typed.ToString();
        }
        return System.Console.In.ReadLine() ?? throw new UserErrorException("no passphrase on standard input");
    }
}
