using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Devices;

/// <summary>
/// Enrols a button: a facilitator's DeviceEnrolled event (device, gateway, label, member) in the ledger, a fresh secret
/// in the gateway's registry (never in the ledger), and the device's settings file.
/// </summary>
public static class DeviceEnrolment
{
    /// <summary>Writes the event and the secret; returns the config, or the ledger's refusal.</summary>
    public static async Task<(DeviceConfig? Config, Rejection? Rejection)> EnrolAsync(Kiosk.Ledger.Ledger ledger, AuthorKeyPair facilitator,
        Bytes32 gateway, DeviceRegistry registry, string device, string label, string member, string brokerHost, int brokerPort,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(registry);
        var assembly = ledger.Assembly?.ToString() ?? throw new InvalidOperationException("the ledger has no genesis yet");
        var body = new DeviceEnrolledBody(device, gateway.ToHex(), label, member);
        var result = await ledger.AppendAsync(facilitator, EventKinds.DeviceEnrolled, BodyJson.Write(body), cancellationToken);
        if (result.Event is null) return (null, result.Rejection);
        var secret = registry.CreateSecret(device);
        return (new DeviceConfig(device, Convert.ToHexStringLower(secret), assembly, brokerHost, brokerPort), null);
    }
}
