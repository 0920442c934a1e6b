namespace Kiosk.Gateway.Web;

/// <summary>
/// What the receipt screen shows: the ballot's title, the vote's tracker, whether the code has ballots left, and for a
/// secret vote (waiting in the ballot box) the batch it waits for: how many votes make it and the longest wait in minutes.
/// </summary>
public sealed record KioskReceipt(string BallotTitle, string Tracker, bool MoreBallots, int? BatchSize = null, int? BatchMinutes = null);
