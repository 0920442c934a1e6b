namespace Kiosk.Gateway.Audio;

/// <summary>Whether headphones are plugged into the kiosk's headphone socket, where the sound card can tell.</summary>
public interface IHeadphoneJack
{
    /// <summary>True when headphones are in, false when the socket is empty, null when the state cannot be read now.</summary>
    bool? Plugged();
}
