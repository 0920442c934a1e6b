using System.Collections;
using System.IO;

namespace Kiosk.Button.Device
{
    /// <summary>
    /// Settings and counter on the ESP32's internal flash file system (drive I:): <c>settings.json</c> written at enrolment,
    /// <c>counter.txt</c> rewritten before each press is sent, so a restart never reuses a counter.
    /// </summary>
    public class FlashSettingsStore : ISettingsStore
    {
        private const string SettingsPath = "I:\\settings.json";
        private const string CounterPath = "I:\\counter.txt";

        public ButtonSettings LoadSettings()
        {
            if (!File.Exists(SettingsPath)) return null;
            return ButtonSettings.Parse(File.ReadAllText(SettingsPath));
        }

        public long ReadCounter()
        {
            if (!File.Exists(CounterPath)) return 0;
            Hashtable counter = FlatJson.Parse("{\"c\":" + File.ReadAllText(CounterPath).Trim() + "}");
            return FlatJson.GetLong(counter, "c", 0);
        }

        public void WriteCounter(long counter)
        {
            File.WriteAllText(CounterPath, counter.ToString());
        }
    }
}
