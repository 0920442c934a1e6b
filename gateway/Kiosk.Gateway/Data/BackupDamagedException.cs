namespace Kiosk.Gateway.Data;

/// <summary>A backup file that fails its checks part-way through; the message says where, as the end of a sentence.</summary>
internal sealed class BackupDamagedException(string message) : Exception(message);
