namespace Kiosk.Mesh.Protocol;

/// <summary>Which side opened a link's connection.</summary>
public enum LinkDirection
{
    /// <summary>This gateway dialled the peer (it is the MQTT client).</summary>
    Dialled,

    /// <summary>The peer dialled this gateway (its broker accepted).</summary>
    Accepted,
}
