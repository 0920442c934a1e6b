using Kiosk.Gateway.Data;
namespace Kiosk.Gateway;

/// <summary>A problem the user can fix: printed as one clear line, exit code 2, no stack trace.</summary>
public sealed class UserErrorException : Exception
{
    /// <summary>Creates the exception with the message shown to the user.</summary>
    public UserErrorException(string message) : base(message) { }

    /// <summary>Required by convention.</summary>
    public UserErrorException() { }

    /// <summary>Required by convention.</summary>
    public UserErrorException(string message, Exception inner) : base(message, inner) { }
}
