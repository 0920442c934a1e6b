namespace Kiosk.Devices.Peers;

/// <summary>The CONNACK answer to a refused peer (MQTT 3.1.1 return codes; a peer learns the detail only from its own checks).</summary>
public enum PeerRefusal
{
    /// <summary>Credentials do not check out (unknown key, bad signature, wrong assembly): return code 4.</summary>
    BadCredentials,

    /// <summary>The key is known but may not peer now (retired, banned, a link already exists): return code 5.</summary>
    NotAuthorized,

    /// <summary>The gateway cannot take the link now: return code 3.</summary>
    Unavailable,
}
