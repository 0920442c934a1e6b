namespace Kiosk.Button
{
    /// <summary>Exponential back-off for reconnecting: first wait, doubling, capped; reset on success.</summary>
    public sealed class Backoff
    {
        private readonly int _first;
        private readonly int _max;
        private int _next;

        /// <summary>Back-off starting at <paramref name="firstMs"/>, doubling to at most <paramref name="maxMs"/>.</summary>
        public Backoff(int firstMs, int maxMs)
        {
            _first = firstMs;
            _max = maxMs;
            _next = firstMs;
        }

        /// <summary>The wait before the next attempt; each call doubles the one after.</summary>
        public int NextDelayMs()
        {
            int delay = _next;
            _next = _next >= _max / 2 ? _max : _next * 2;
            return delay;
        }

        /// <summary>Starts again from the first wait (after a successful connect).</summary>
        public void Reset() { _next = _first; }
    }
}
