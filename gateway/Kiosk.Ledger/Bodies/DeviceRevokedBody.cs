using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>Revokes a device: its presses are refused from then on.</summary>
public sealed record DeviceRevokedBody(string Device, string? Reason = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.DeviceRevokedBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.DeviceId("device", Device),
        Reason is null ? null : BodyRules.Name("reason", Reason));
}
