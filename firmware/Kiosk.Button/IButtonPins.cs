namespace Kiosk.Button
{
    /// <summary>The button's keys and lights: one key and one LED per ballot option slot, plus a feedback light.</summary>
    public interface IButtonPins
    {
        /// <summary>How many option keys (and LEDs) the board has.</summary>
        int OptionSlots { get; }

        /// <summary>True while the key of slot <paramref name="slot"/> is held down (already debounced by the caller's polling rate).</summary>
        bool IsPressed(int slot);

        /// <summary>Lights or darkens the LED of slot <paramref name="slot"/>.</summary>
        void SetOptionLed(int slot, bool lit);

        /// <summary>Shows one of the <see cref="ButtonFeedback"/> signals (colour, blink or buzz on the device).</summary>
        void ShowFeedback(int feedback);
    }
}
