namespace Kiosk.Gateway.Web;

/// <summary>
/// What the receipt screen shows: the ballot's title, the vote's tracker, whether the code has ballots left, and for a
/// secret vote (waiting in the ballot box) the batch it waits for: how many votes make it and the longest wait in minutes;
/// <see cref="Printed"/> says whether the receipt printer printed it (null: no printer, false: it failed).
/// </summary>
public sealed record KioskReceipt(string BallotTitle, string Tracker, bool MoreBallots, int? BatchSize = null, int? BatchMinutes = null)
{
    /// <summary>Whether the receipt printer printed it: null when there is no printer, false when printing failed.</summary>
    public bool? Printed { get; init; }
}
