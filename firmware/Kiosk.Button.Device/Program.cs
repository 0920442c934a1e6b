using System.Threading;

namespace Kiosk.Button.Device
{
    /// <summary>
    /// The ESP32 vote button's entry point: join Wi-Fi, then run the shared <see cref="VoteButton"/> logic forever,
    /// sleeping lightly between polls when nothing is waiting.
    /// </summary>
    public class Program
    {
        /// <summary>Poll period while a press waits for its ack or the link is down.</summary>
        private const int BusyPollMs = 20;

        /// <summary>Poll period when idle (light sleep between polls keeps the battery going).</summary>
        private const int IdlePollMs = 50;

        public static void Main()
        {
            FlashSettingsStore store = new FlashSettingsStore();
            ButtonSettings settings = store.LoadSettings();
            EspButtonPins pins = new EspButtonPins();
            if (settings == null)
            {
                // No settings flashed: show the failure and stop; enrolment writes settings.json (see firmware/README.md).
                pins.ShowFeedback(ButtonFeedback.Failed);
                Thread.Sleep(Timeout.Infinite);
            }
            EspClock clock = new EspClock();
            WifiConnector.ConnectWithBackoff(settings.WifiSsid, settings.WifiPassword, pins, clock);
            M2MqttLink link = new M2MqttLink();
            VoteButton button = new VoteButton(settings, pins, link, store, clock);
            button.Start();
            while (true)
            {
                bool busy = button.Poll();
                clock.Idle(busy ? BusyPollMs : IdlePollMs);
            }
        }
    }
}
