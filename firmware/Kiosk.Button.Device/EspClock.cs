using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;

namespace Kiosk.Button.Device
{
    /// <summary>The device's <see cref="IClock"/>: uptime in milliseconds; idle waits are light sleeps (Wi-Fi stays associated).</summary>
    public class EspClock : IClock
    {
        /// <summary>Below this a light sleep costs more than it saves.</summary>
        private const int MinLightSleepMs = 30;

        public long NowMs { get { return DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond; } }

        public void Idle(int milliseconds)
        {
            if (milliseconds < MinLightSleepMs)
            {
                Thread.Sleep(milliseconds);
                return;
            }
            Sleep.EnableWakeupByTimer(new TimeSpan(0, 0, 0, 0, milliseconds));
            Sleep.StartLightSleep();
        }
    }
}
