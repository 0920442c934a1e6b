using Microsoft.Data.Sqlite;

namespace Kiosk.Gateway.Data;

/// <summary>
/// Sentences for the storage failures a person can meet and fix (a full disk, read-only media), in place of SQLite's
/// "SQLite Error 13" and its stack trace. Null for anything else: a failure nobody can act on stays an exception.
/// </summary>
internal static class StorageErrors
{
    // SQLite's primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
    private const int Readonly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    /// <summary>EROFS on Linux: what an <see cref="IOException"/>'s HResult is when the file system is mounted read-only.</summary>
    public const int ReadOnlyFileSystem = 30;

    private const string FullSentence = "the disk holding the data folder is full (or failing), so nothing was written; free some space and run the command again";
    /// <summary>What a command that writes says on read-only media.</summary>
    public const string ReadonlySentence = "the data folder is read-only, so this command cannot write to it; commands that only read (status, verify, export, results) still work";

    /// <summary>What to tell the person, or null when <paramref name="e"/> is not a storage failure they can fix.</summary>
    public static string? Describe(SqliteException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Describe(e.SqliteErrorCode & 0xFF);
    }

    /// <summary>
    /// The same for a start-up check that could not read the ledger at all: its problem carries SQLite's message
    /// ("SQLite Error 10: 'disk I/O error'"), which is all that is left of the exception by then.
    /// </summary>
    public static string? Describe(Kiosk.Ledger.VerifyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Problems.Count == 0 || report.Problems.Any(p => p.Code != Kiosk.Ledger.VerifyCodes.Unreadable)) return null;
        foreach (var code in new[] { Full, IoError, Readonly, CantOpen })
            if (report.Problems.Any(p => p.Message.Contains($"SQLite Error {code}:", StringComparison.Ordinal))) return Describe(code);
        return null;
    }

    /// <summary>True when <paramref name="e"/> says the ledger file or its folder may not be written.</summary>
    public static bool IsReadOnly(SqliteException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (e.SqliteErrorCode & 0xFF) is Readonly or CantOpen;
    }

    /// <summary>
    /// The same for a file the command writes itself (a code sheet, an export): a full disk or read-only media, named by
    /// the error number in the exception's HResult on Linux; null for anything else.
    /// </summary>
    public static string? Describe(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.HResult switch
        {
            NoSpace or QuotaExceeded => FullSentence,
            ReadOnlyFileSystem => ReadonlySentence,
            _ => null,
        };
    }

    // Linux error numbers: ENOSPC, EDQUOT.
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;

    private static string? Describe(int primaryCode) => primaryCode switch
    {
        Full or IoError => FullSentence,
        Readonly or CantOpen => ReadonlySentence,
        _ => null,
    };
}
