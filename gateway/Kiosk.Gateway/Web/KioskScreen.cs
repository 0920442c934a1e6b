namespace Kiosk.Gateway.Web;

/// <summary>Where a kiosk visit is: the screen its page shows, or how it ended.</summary>
public enum KioskScreen
{
    /// <summary>Type the voter code (keypad or keyboard).</summary>
    Code,

    /// <summary>Choose which ballot to vote on, when the code is valid for several.</summary>
    Ballots,

    /// <summary>Make the choice, by the ballot's method.</summary>
    Vote,

    /// <summary>An optional reason for an objection (consent ballots).</summary>
    Objection,

    /// <summary>The choice in words, to confirm or change.</summary>
    Review,

    /// <summary>The vote is recorded: its tracker (the code is already forgotten).</summary>
    Receipt,

    /// <summary>A refusal the resident cannot fix here (used code, ballot closed): say it and start again.</summary>
    Refused,

    /// <summary>The resident went back from the code screen: the visit ends, the welcome stays in their language.</summary>
    Left,

    /// <summary>The visit is over ("Done", "Start again"): the visit ends, the next person sees the plain welcome.</summary>
    Finished,
}
