namespace Kiosk.Hardware;

/// <summary>
/// What the station's character display says at each step, as plain lines (pure: <see cref="StationDisplay"/> puts them
/// on the LCD). "✓" is drawn as a custom character; every other character outside ASCII becomes '?', which the LCD's ROM
/// would otherwise show as a Japanese glyph.
/// </summary>
public sealed record StationScreen(IReadOnlyList<string> Lines)
{
    /// <summary>The check mark, shown through custom character 0.</summary>
    public const char Check = '✓';

    /// <summary>Nothing to vote on.</summary>
    public static StationScreen Idle() => new(["No open ballot", "Tap to check in"]);

    /// <summary>A ballot is open: tap a card to vote on it.</summary>
    public static StationScreen Ballot(string title) => new([title, "Tap card to vote"]);

    /// <summary>A member's card was read at the roll-call station: choose, then confirm.</summary>
    public static StationScreen Identified(string title, string member) => new([title, $"{member}: choose"]);

    /// <summary>The member's card needs its PIN: <paramref name="typed"/> digits so far, shown as stars.</summary>
    public static StationScreen Pin(string member, int typed) => new([member, typed == 0 ? "PIN then #" : "PIN " + new string('*', typed)]);

    /// <summary>An option is selected, waiting for confirm.</summary>
    public static StationScreen Selected(string title, string option) => new([title, $"> {option}? confirm"]);

    /// <summary>The vote was counted.</summary>
    public static StationScreen Counted(string title) => new([title, $"counted {Check}"]);

    /// <summary>The vote or tap was refused, with the reason.</summary>
    public static StationScreen Refused(string title, string reason) => new([title, reason]);

    /// <summary>A refusal's reason in the few words a display row holds.</summary>
    public static string Reason(Kiosk.Voting.Ballots.VoteRefusalReason reason) => reason switch
    {
        Kiosk.Voting.Ballots.VoteRefusalReason.CodeAlreadyUsed => "already voted",
        Kiosk.Voting.Ballots.VoteRefusalReason.BallotClosed => "ballot closed",
        Kiosk.Voting.Ballots.VoteRefusalReason.BallotNotOpen => "not open yet",
        Kiosk.Voting.Ballots.VoteRefusalReason.DeviceNotEligible => "not eligible",
        Kiosk.Voting.Ballots.VoteRefusalReason.VoteInProgress => "busy, try again",
        Kiosk.Voting.Ballots.VoteRefusalReason.NotRecorded => "not recorded",
        Kiosk.Voting.Ballots.VoteRefusalReason.WrongCredential => "not roll-call",
        _ => "refused",
    };

    /// <summary>A member was checked in (or out) by a tap at the door.</summary>
    public static StationScreen Presence(string member, bool checkedIn) => new([member, checkedIn ? $"checked in {Check}" : "checked out"]);

    /// <summary>A card that is not enrolled; a facilitator can enrol it from the console.</summary>
    public static StationScreen UnknownCard(string uid) => new([$"Card {uid}", "not enrolled"]);

    /// <summary>The lines cut or padded to <paramref name="columns"/> and limited to <paramref name="rows"/>, with only ASCII and the check mark left.</summary>
    public IReadOnlyList<string> Fit(int columns, int rows) =>
        Lines.Take(rows).Select(line => new string(line.Select(c => c == Check || c is >= ' ' and <= '~' ? c : '?').ToArray())).Select(line => line.Length > columns ? line[..columns] : line.PadRight(columns)).ToList();
}
