using System.Buffers;
using Kiosk.Voting.Ballots;
using Microsoft.Extensions.Logging;

namespace Kiosk.Devices;

/// <summary>
/// Turns a device's press into a vote and an ack, transport-free: checks the device, its HMAC and counter, casts through
/// the <see cref="VotingDesk"/> (which answers after the durable commit), records the press durably, and returns the
/// ack to publish. A retry of the device's last press gets the same ack again and is never counted twice.
/// </summary>
public sealed class DevicePresses
{
    private readonly VotingDesk _desk;
    private readonly DeviceRegistry _registry;
    private readonly string _assembly;
    private readonly ILogger _log;

    /// <summary>Presses of <paramref name="assembly"/>'s devices registered in <paramref name="registry"/>, voting through <paramref name="desk"/>.</summary>
    public DevicePresses(VotingDesk desk, DeviceRegistry registry, string assembly, ILogger log, DeviceBrokerMetrics? metrics = null)
    {
        _desk = desk ?? throw new ArgumentNullException(nameof(desk));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _assembly = assembly ?? throw new ArgumentNullException(nameof(assembly));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        Metrics = metrics ?? new DeviceBrokerMetrics();
    }

    /// <summary>The counters.</summary>
    public DeviceBrokerMetrics Metrics { get; }

    /// <summary>
    /// Handles one press payload from <paramref name="device"/> (already authenticated as that device). Null when the
    /// gateway could not store the vote (a full or failing disk): no ack goes out and the counter is not used up, so the
    /// device sends the same press again and nothing it was told is counted is lost.
    /// </summary>
    public async Task<AckMessage?> HandleAsync(string device, ReadOnlySequence<byte> payload, CancellationToken cancellationToken = default)
    {
        if (payload.Length > DeviceProtocol.MaxPayloadBytes)
            return Refuse(device, 0, DeviceRefusals.TooLarge, $"a press is at most {DeviceProtocol.MaxPayloadBytes} bytes; got {payload.Length}");
        var press = DeviceProtocol.DecodePress(payload, out var problem);
        if (press is null) return Refuse(device, DeviceProtocol.CounterOf(payload), DeviceRefusals.Malformed, problem!);
        if (!_registry.TryGetSecret(device, out var secret))
            return Refuse(device, press.Counter, DeviceRefusals.UnknownDevice, $"device {device} is not registered at this gateway");
        if (!DeviceProtocol.Verify(secret, _assembly, device, press))
            return Refuse(device, press.Counter, DeviceRefusals.BadHmac, "the press's HMAC does not match this device's secret");

        var state = _registry.StateOf(device);
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (press.Counter == state.LastCounter && press.Hmac == state.LastHmac && state.LastAck is { } last)
            {
                Metrics.CountRepeat();
                return last with { Repeat = true };
            }
            if (press.Counter <= state.LastCounter)
                return Refuse(device, press.Counter, DeviceRefusals.ReplayedCounter, $"counter {press.Counter} is not above this device's last ({state.LastCounter})");

            if (press.Ballot == DeviceProtocol.PresenceBallot) return await CheckInAsync(device, press, state, cancellationToken);
            var outcome = await _desk.CastWithDeviceAsync(press.Ballot, device, [press.Option], cancellationToken);
            if (outcome.Refusal?.Reason == VoteRefusalReason.NotRecorded)
            {
                _log.LogWarning("Press from device {Device} not stored: {Why}; no ack sent, the device will retry", device, outcome.Refusal.Message);
                return null;
            }
            AckMessage ack;
            if (outcome.IsAccepted)
            {
                ack = AckMessage.Accepted(press.Counter, outcome.Tracker!);
                Metrics.CountAccepted();
            }
            else
            {
                ack = Refuse(device, press.Counter, ReasonOf(device, outcome.Refusal!.Reason), outcome.Refusal.Message);
            }
            // The press's counter is used up whatever the answer: record it before the ack goes out.
            await _registry.RecordAsync(device, press.Counter, press.Hmac, ack);
            state.LastCounter = press.Counter;
            state.LastHmac = press.Hmac;
            state.LastAck = ack;
            return ack;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    // A presence press: the device's member checks in or out of the open meeting (source "button"); same counter rules as a vote.
    private async Task<AckMessage?> CheckInAsync(string device, PressMessage press, DevicePressState state, CancellationToken cancellationToken)
    {
        var outcome = await _desk.CheckInWithDeviceAsync(device, press.Option, cancellationToken);
        if (outcome.NotStored)
        {
            _log.LogWarning("Presence press from device {Device} not stored: {Why}; no ack sent, the device will retry", device, outcome.Problem);
            return null;
        }
        var ack = outcome.IsRecorded
            ? AckMessage.Accepted(press.Counter, press.Option == Kiosk.Voting.Presence.PresenceRecordedBody.In ? "checked-in" : "checked-out")
            : Refuse(device, press.Counter, outcome.Problem == Kiosk.Voting.Presence.CheckInOutcome.NoMeetingOpen ? DeviceRefusals.NoMeeting : DeviceRefusals.NotEligible, outcome.Problem!);
        if (outcome.IsRecorded) Metrics.CountAccepted();
        await _registry.RecordAsync(device, press.Counter, press.Hmac, ack);
        state.LastCounter = press.Counter;
        state.LastHmac = press.Hmac;
        state.LastAck = ack;
        return ack;
    }

    /// <summary>The ack for a press the broker did not take because it was over the size limit (it never reaches <see cref="HandleAsync"/>).</summary>
    public AckMessage Oversized(string device, long length) =>
        Refuse(device, 0, DeviceRefusals.TooLarge, $"a press is at most {DeviceProtocol.MaxPayloadBytes} bytes; got {length}");

    private string ReasonOf(string device, VoteRefusalReason reason) => reason switch
    {
        VoteRefusalReason.BallotClosed => DeviceRefusals.BallotClosed,
        VoteRefusalReason.BallotNotOpen => DeviceRefusals.BallotNotOpen,
        VoteRefusalReason.BallotUnknown => DeviceRefusals.BallotUnknown,
        VoteRefusalReason.InvalidChoice => DeviceRefusals.OptionUnknown,
        VoteRefusalReason.CodeAlreadyUsed => DeviceRefusals.AlreadyVoted,
        VoteRefusalReason.VoteInProgress => DeviceRefusals.GatewayUnavailable,
        VoteRefusalReason.GatewayNotEnrolled or VoteRefusalReason.GatewayRetired or VoteRefusalReason.GatewayRecovering => DeviceRefusals.GatewayUnavailable,
        VoteRefusalReason.DeviceNotEligible => _desk.Read((_, authority) =>
            !authority.Devices.TryGetValue(device, out var d) ? DeviceRefusals.UnknownDevice
            : d.Revoked ? DeviceRefusals.Revoked : DeviceRefusals.NotEligible),
        _ => DeviceRefusals.NotEligible,
    };

    private AckMessage Refuse(string device, long counter, string reason, string message)
    {
        Metrics.CountRefused(reason);
        // Never the secret or the HMAC: the device, the counter and why.
        _log.LogWarning("Press refused: device {Device} counter {Counter}: {Reason} ({Message})", device, counter, reason, message);
        return AckMessage.Refused(counter, reason, message);
    }
}
