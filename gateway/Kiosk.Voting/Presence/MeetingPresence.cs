namespace Kiosk.Voting.Presence;

/// <summary>
/// Who is present at one meeting and whether it is quorate, as a deterministic function of the set of presence events.
/// </summary>
/// <param name="Meeting">The meeting id.</param>
/// <param name="Members">Members of the assembly (the quorum's base); 0 when the meeting was not opened (yet).</param>
/// <param name="Needed">Members that must be present for the quorum.</param>
/// <param name="Present">The members present, by name (ordinal order), with who checked each one in and how.</param>
/// <param name="Ended">True once a facilitator ended the meeting.</param>
public sealed record MeetingPresence(string Meeting, int Members, int Needed, IReadOnlyList<PresentMember> Present, bool Ended)
{
    /// <summary>True when at least <see cref="Needed"/> members are present (and the meeting was opened).</summary>
    public bool IsQuorate => Members > 0 && Present.Count >= Needed;

    /// <summary>The board's line: "present 37 of 60 — quorum 31 ✓" (✗ while short).</summary>
    public string BoardLine() => $"present {Present.Count} of {Members} — quorum {Needed} {(IsQuorate ? "✓" : "✗")}";
}

/// <summary>A member present, with who checked them in (station or facilitator) and how (card, button, console).</summary>
public sealed record PresentMember(string Member, string By, string Source);
