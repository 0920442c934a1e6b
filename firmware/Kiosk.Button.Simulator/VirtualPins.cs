namespace Kiosk.Button.Simulator;

/// <summary>The simulator's <see cref="IButtonPins"/>: keys pressed by code, LEDs and feedback remembered for tests.</summary>
public sealed class VirtualPins(int slots) : IButtonPins
{
    private readonly bool[] _keys = new bool[slots];
    private readonly bool[] _leds = new bool[slots];

    /// <inheritdoc />
    public int OptionSlots => slots;

    /// <summary>The last feedback shown (a <see cref="ButtonFeedback"/> constant).</summary>
    public int Feedback { get; private set; }

    /// <summary>Which option LEDs are lit.</summary>
    public bool[] Leds { get { lock (_leds) return [.. _leds]; } }

    /// <summary>Holds or releases a key.</summary>
    public void SetKey(int slot, bool down) { lock (_keys) _keys[slot] = down; }

    /// <inheritdoc />
    public bool IsPressed(int slot) { lock (_keys) return _keys[slot]; }

    /// <inheritdoc />
    public void SetOptionLed(int slot, bool lit) { lock (_leds) _leds[slot] = lit; }

    /// <inheritdoc />
    public void ShowFeedback(int feedback) => Feedback = feedback;
}
