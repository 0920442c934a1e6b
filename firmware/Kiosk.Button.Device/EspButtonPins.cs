using System.Device.Gpio;

namespace Kiosk.Button.Device
{
    /// <summary>
    /// The button board's keys and LEDs on ESP32 GPIOs (see hardware/README.md, "ESP32 vote button"): keys to ground on
    /// inputs with pull-up, LEDs through 330 Ω resistors, a bi-colour feedback LED (green / red).
    /// </summary>
    public class EspButtonPins : IButtonPins
    {
        private static readonly int[] KeyPins = new int[] { 32, 33, 25, 26 };
        private static readonly int[] LedPins = new int[] { 16, 17, 18, 19 };
        private const int GreenPin = 21;
        private const int RedPin = 22;

        private readonly GpioController _gpio = new GpioController();
        private readonly GpioPin[] _keys = new GpioPin[4];
        private readonly GpioPin[] _leds = new GpioPin[4];
        private readonly GpioPin _green;
        private readonly GpioPin _red;

        public EspButtonPins()
        {
            for (int i = 0; i < KeyPins.Length; i++)
            {
                _keys[i] = _gpio.OpenPin(KeyPins[i], PinMode.InputPullUp);
                // The ESP32's glitch filter is not enough for tactile switches: 30 ms debounce in the driver.
                _keys[i].DebounceTimeout = new System.TimeSpan(0, 0, 0, 0, 30);
                _leds[i] = _gpio.OpenPin(LedPins[i], PinMode.Output);
            }
            _green = _gpio.OpenPin(GreenPin, PinMode.Output);
            _red = _gpio.OpenPin(RedPin, PinMode.Output);
        }

        public int OptionSlots { get { return KeyPins.Length; } }

        public bool IsPressed(int slot) { return _keys[slot].Read() == PinValue.Low; }

        public void SetOptionLed(int slot, bool lit) { _leds[slot].Write(lit ? PinValue.High : PinValue.Low); }

        public void ShowFeedback(int feedback)
        {
            bool green = feedback == ButtonFeedback.Accepted || feedback == ButtonFeedback.Waiting;
            bool red = feedback == ButtonFeedback.Refused || feedback == ButtonFeedback.Failed || feedback == ButtonFeedback.Offline || feedback == ButtonFeedback.Waiting;
            _green.Write(green ? PinValue.High : PinValue.Low);
            _red.Write(red ? PinValue.High : PinValue.Low);
        }
    }
}
