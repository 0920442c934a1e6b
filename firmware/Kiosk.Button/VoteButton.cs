namespace Kiosk.Button
{
    /// <summary>
    /// The vote button's logic, the same on the ESP32 and in the simulator: connects with back-off, follows the retained
    /// current ballot on its LEDs, turns a key press into a signed press message with a fresh counter (stored first),
    /// waits for the gateway's ack and resends the same message until it comes, then shows accepted or refused.
    /// Call <see cref="Poll"/> from the main loop; it returns true while there is something to wait for.
    /// </summary>
    public sealed class VoteButton
    {
        /// <summary>Wait for an ack before sending the same press again.</summary>
        public const int DefaultAckTimeoutMs = 1500;

        /// <summary>Sends of one press before giving up.</summary>
        public const int DefaultMaxAttempts = 8;

        /// <summary>First reconnect wait.</summary>
        public const int FirstReconnectMs = 250;

        /// <summary>Longest reconnect wait.</summary>
        public const int MaxReconnectMs = 30000;

        private readonly object _sync = new object();
        private readonly ButtonSettings _settings;
        private readonly byte[] _secret;
        private readonly IButtonPins _pins;
        private readonly IMqttLink _link;
        private readonly ISettingsStore _store;
        private readonly IClock _clock;
        private readonly Backoff _backoff = new Backoff(FirstReconnectMs, MaxReconnectMs);
        private readonly string _voteTopic;
        private readonly string _ackTopic;
        private readonly string _ballotTopic;
        private readonly bool[] _wasPressed;
        private BallotView _ballot = BallotView.None();
        private long _counter;
        private long _nextConnectAt;
        private bool _pending;
        private long _pendingCounter;
        private string _pendingPayload;
        private long _pendingSentAt;
        private int _attempts;
        private bool _resendOnConnect;

        /// <summary>A button with its settings and its hardware.</summary>
        public VoteButton(ButtonSettings settings, IButtonPins pins, IMqttLink link, ISettingsStore store, IClock clock)
        {
            _settings = settings;
            _secret = Hex.Decode(settings.SecretHex);
            _pins = pins;
            _link = link;
            _store = store;
            _clock = clock;
            _voteTopic = ButtonProtocol.VoteTopic(settings.Assembly, settings.DeviceId);
            _ackTopic = ButtonProtocol.AckTopic(settings.Assembly, settings.DeviceId);
            _ballotTopic = ButtonProtocol.CurrentBallotTopic(settings.Assembly);
            _wasPressed = new bool[pins.OptionSlots];
            AckTimeoutMs = DefaultAckTimeoutMs;
            MaxAttempts = DefaultMaxAttempts;
        }

        /// <summary>Told when a press ends.</summary>
        public ButtonAckHandler Finished;

        /// <summary>Wait for an ack before resending.</summary>
        public int AckTimeoutMs;

        /// <summary>Sends of one press before giving up.</summary>
        public int MaxAttempts;

        /// <summary>The device id.</summary>
        public string DeviceId { get { return _settings.DeviceId; } }

        /// <summary>The ballot the LEDs show.</summary>
        public BallotView Ballot { get { lock (_sync) return _ballot; } }

        /// <summary>The last counter used.</summary>
        public long Counter { get { lock (_sync) return _counter; } }

        /// <summary>Sends of the current or last press (1 when no resend was needed).</summary>
        public int Attempts { get { lock (_sync) return _attempts; } }

        /// <summary>True while a press waits for its ack.</summary>
        public bool IsWaiting { get { lock (_sync) return _pending; } }

        /// <summary>True while connected to the gateway.</summary>
        public bool IsConnected { get { return _link.IsConnected; } }

        /// <summary>Reads the counter from flash, sets the message handler and makes the first connection attempt.</summary>
        public void Start()
        {
            lock (_sync) _counter = _store.ReadCounter();
            _link.SetHandler(OnMessage);
            TryConnect();
        }

        /// <summary>One turn of the main loop: reconnect when due, resend an unanswered press, read the keys.</summary>
        public bool Poll()
        {
            if (!_link.IsConnected)
            {
                if (_clock.NowMs >= _nextConnectAt) TryConnect();
            }
            else
            {
                ResendIfDue();
            }
            for (int slot = 0; slot < _wasPressed.Length; slot++)
            {
                bool down = _pins.IsPressed(slot);
                if (down && !_wasPressed[slot]) Press(slot);
                _wasPressed[slot] = down;
            }
            lock (_sync) return _pending || !_link.IsConnected;
        }

        /// <summary>
        /// Votes for the option in slot <paramref name="slot"/>; with no ballot open, the first button checks the button's
        /// member in to the open meeting (a presence press). False when a press is still waiting or the slot has no use.
        /// </summary>
        public bool Press(int slot)
        {
            BallotView ballot = Ballot;
            if (!ballot.IsOpen && slot == 0) return PressOption(ButtonProtocol.PresenceBallot, ButtonProtocol.CheckIn);
            if (!ballot.IsOpen || slot < 0 || slot >= ballot.Options.Length) return false;
            return PressOption(ballot.Ballot, ballot.Options[slot]);
        }

        /// <summary>Votes for <paramref name="option"/> in <paramref name="ballot"/> (the simulator names them directly).</summary>
        public bool PressOption(string ballot, string option)
        {
            long counter;
            string payload;
            lock (_sync)
            {
                if (_pending) return false;
                counter = _counter + 1;
                // The counter reaches flash before the press leaves: after a restart the button never reuses one.
                _store.WriteCounter(counter);
                _counter = counter;
                string hmac = ButtonProtocol.Sign(_secret, _settings.Assembly, _settings.DeviceId, ballot, option, counter);
                payload = ButtonProtocol.PressPayload(ballot, option, counter, hmac);
                _pending = true;
                _pendingCounter = counter;
                _pendingPayload = payload;
                _pendingSentAt = _clock.NowMs;
                _attempts = 1;
                _resendOnConnect = false;
            }
            _pins.ShowFeedback(ButtonFeedback.Waiting);
            if (!_link.Publish(_voteTopic, payload))
            {
                lock (_sync) _resendOnConnect = true;
            }
            return true;
        }

        private void TryConnect()
        {
            bool ok = _link.Connect(_settings.BrokerHost, _settings.BrokerPort, _settings.DeviceId, _settings.DeviceId, _settings.SecretHex)
                && _link.Subscribe(_ackTopic) && _link.Subscribe(_ballotTopic);
            if (!ok)
            {
                _nextConnectAt = _clock.NowMs + _backoff.NextDelayMs();
                _pins.ShowFeedback(ButtonFeedback.Offline);
                return;
            }
            _backoff.Reset();
            string resend = null;
            lock (_sync)
            {
                if (_pending)
                {
                    resend = _pendingPayload;
                    _pendingSentAt = _clock.NowMs;
                    _attempts++;
                    _resendOnConnect = false;
                }
            }
            if (resend != null) _link.Publish(_voteTopic, resend);
        }

        private void ResendIfDue()
        {
            string resend = null;
            long gaveUp = -1;
            lock (_sync)
            {
                if (!_pending) return;
                if (!_resendOnConnect && _clock.NowMs - _pendingSentAt < AckTimeoutMs) return;
                if (_attempts >= MaxAttempts)
                {
                    _pending = false;
                    gaveUp = _pendingCounter;
                }
                else
                {
                    resend = _pendingPayload;
                    _pendingSentAt = _clock.NowMs;
                    _attempts++;
                    _resendOnConnect = false;
                }
            }
            if (resend != null) _link.Publish(_voteTopic, resend);
            if (gaveUp >= 0)
            {
                _pins.ShowFeedback(ButtonFeedback.Failed);
                ButtonAckHandler finished = Finished;
                if (finished != null) finished(this, gaveUp, ButtonFeedback.Failed, null, null);
            }
        }

        private void OnMessage(string topic, string payload)
        {
            if (topic == _ballotTopic)
            {
                BallotView view = BallotView.Parse(payload);
                lock (_sync) _ballot = view;
                for (int slot = 0; slot < _pins.OptionSlots; slot++) _pins.SetOptionLed(slot, view.IsOpen && slot < view.Options.Length);
                return;
            }
            if (topic != _ackTopic) return;
            AckView ack = AckView.Parse(payload);
            if (ack == null) return;
            lock (_sync)
            {
                // An ack for an older press (a late re-ack) is not the answer we wait for.
                if (!_pending || ack.Counter != _pendingCounter) return;
                _pending = false;
            }
            int feedback = ack.Accepted ? ButtonFeedback.Accepted : ButtonFeedback.Refused;
            _pins.ShowFeedback(feedback);
            ButtonAckHandler handler = Finished;
            if (handler != null) handler(this, ack.Counter, feedback, ack.Reason, ack.Tracker);
        }
    }
}
