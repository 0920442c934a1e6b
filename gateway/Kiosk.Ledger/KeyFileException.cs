namespace Kiosk.Ledger;

/// <summary>A key file is missing, malformed or too widely readable.</summary>
public sealed class KeyFileException : Exception
{
    /// <summary>Creates the exception with a message naming the file and the problem.</summary>
    public KeyFileException(string message) : base(message) { }

    /// <summary>Required by convention.</summary>
    public KeyFileException() { }

    /// <summary>Required by convention.</summary>
    public KeyFileException(string message, Exception inner) : base(message, inner) { }
}
