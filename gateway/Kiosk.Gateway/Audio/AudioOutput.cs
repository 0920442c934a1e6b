namespace Kiosk.Gateway.Audio;

/// <summary>Where the kiosk's audio ballot may be heard: the installer says which output the kiosk's browser plays to.</summary>
public enum AudioOutput
{
    /// <summary>A headphone socket only (the default): with a jack to watch, nothing is spoken while it is empty.</summary>
    Headphones,

    /// <summary>A loudspeaker, heard by everyone near the kiosk: only when the installer asks for it.</summary>
    Loudspeaker,
}
