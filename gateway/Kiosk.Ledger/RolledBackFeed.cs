namespace Kiosk.Ledger;

/// <summary>
/// A feed written here whose events end before its head record (docs/ledger-format.md, "Head records"): it was rolled
/// back and is not written again until the events from <see cref="Here"/>+1 through <see cref="Record"/> are back.
/// </summary>
/// <param name="Author">The feed.</param>
/// <param name="Here">The last seq this ledger holds.</param>
/// <param name="Record">The seq its head record names.</param>
/// <param name="SeenAt">Where that seq was seen (a peer's name), when a peer revealed it; null for a record written here.</param>
public sealed record RolledBackFeed(Bytes32 Author, long Here, long Record, string? SeenAt);
