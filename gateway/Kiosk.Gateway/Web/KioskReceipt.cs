namespace Kiosk.Gateway.Web;

/// <summary>What the receipt screen shows: the ballot's title, the vote's tracker, and whether the code has ballots left.</summary>
public sealed record KioskReceipt(string BallotTitle, string Tracker, bool MoreBallots);
