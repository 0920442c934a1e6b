namespace Kiosk.Gateway.Host;

/// <summary>Which of the gateway's two listening surfaces an endpoint belongs to; the other surface answers 404.</summary>
public enum Surface
{
    /// <summary>The kiosk and the board: what residents see.</summary>
    Resident,

    /// <summary>The facilitators' console, behind a login, on its own address and port.</summary>
    Console,
}
