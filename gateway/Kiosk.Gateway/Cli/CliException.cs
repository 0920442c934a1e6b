namespace Kiosk.Gateway.Cli;

/// <summary>A problem the user can fix: printed as one clear line, exit code 2, no stack trace.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception with the message shown to the user.</summary>
    public CliException(string message) : base(message) { }

    /// <summary>Required by convention.</summary>
    public CliException() { }

    /// <summary>Required by convention.</summary>
    public CliException(string message, Exception inner) : base(message, inner) { }
}
