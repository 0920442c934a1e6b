namespace Kiosk.Voting.Presence;

/// <summary>
/// What became of a check-in (or check-out) asked for by a member's own button: recorded for <see cref="Member"/> in
/// <see cref="Meeting"/>, or refused with a <see cref="Problem"/> a person can act on. <see cref="NotStored"/> marks a
/// refusal because the ledger could not store it (a full or failing disk), so the device should try again.
/// </summary>
public sealed record CheckInOutcome(string? Member, string? Meeting, string? Problem, bool NotStored = false)
{
    /// <summary>The problem when no meeting is open.</summary>
    public const string NoMeetingOpen = "no meeting is open";

    /// <summary>True when the presence event is committed.</summary>
    public bool IsRecorded => Problem is null;

    /// <summary>A recorded check-in or check-out.</summary>
    public static CheckInOutcome Recorded(string member, string meeting) => new(member, meeting, null);

    /// <summary>A refusal with its reason.</summary>
    public static CheckInOutcome Refused(string problem, bool notStored = false) => new(null, null, problem, notStored);
}
