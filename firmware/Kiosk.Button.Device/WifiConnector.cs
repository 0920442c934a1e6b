using System.Threading;
using nanoFramework.Networking;

namespace Kiosk.Button.Device
{
    /// <summary>Joins the Wi-Fi from the settings, retrying with back-off (the offline light shows meanwhile).</summary>
    public static class WifiConnector
    {
        private const int ConnectTimeoutMs = 15000;

        public static void ConnectWithBackoff(string ssid, string password, IButtonPins pins, IClock clock)
        {
            Backoff backoff = new Backoff(1000, 60000);
            while (true)
            {
                CancellationTokenSource cts = new CancellationTokenSource(ConnectTimeoutMs);
                if (WifiNetworkHelper.ConnectDhcp(ssid, password, requiresDateTime: false, token: cts.Token)) return;
                pins.ShowFeedback(ButtonFeedback.Offline);
                clock.Idle(backoff.NextDelayMs());
            }
        }
    }
}
