using Kiosk.Gateway.Data;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The key files of this data folder (<c>keys/NAME.key</c>) by public key, so a command can say which enrolled member this
/// machine can sign as, and name a member by either its enrolled name or its key-file name.
/// </summary>
public static class LocalKeys
{
    /// <summary>Each readable key file's public key and name; unreadable files are left out (a command that needs one reports it).</summary>
    public static IReadOnlyDictionary<Bytes32, string> ByPublicKey(DataFolder data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var keys = new Dictionary<Bytes32, string>();
        if (!Directory.Exists(data.KeysPath)) return keys;
        foreach (var file in Directory.GetFiles(data.KeysPath, "*.key").Order(StringComparer.Ordinal))
        {
            try
            {
                using var key = KeyFile.Read(file);
                keys.TryAdd(key.PublicKey, Path.GetFileNameWithoutExtension(file));
            }
            catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
            {
            }
        }
        return keys;
    }
}
