namespace Kiosk.Ledger;

/// <summary>
/// What the ledger knows of one event kind: who may author it, whether it changes authority,
/// and how to check that a body is well formed.
/// </summary>
/// <param name="Name">The kind's name as written in events (ASCII letters).</param>
/// <param name="AllowedRoles">The roles whose events of this kind count.</param>
/// <param name="IsAuthority">Authority events change who may write; they are ordered by the authority rule.</param>
/// <param name="CheckBody">Returns null when the body is well formed, else what is wrong with it.</param>
public sealed record KindRule(string Name, Role AllowedRoles, bool IsAuthority, Func<ReadOnlyMemory<byte>, string?> CheckBody);
