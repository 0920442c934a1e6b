using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>
/// Enrols a button to a gateway, optionally named to a member or seat for roll-call ballots.
/// The device's secret never enters the ledger: only its gateway and the device hold it.
/// </summary>
public sealed record DeviceEnrolledBody(string Device, string Gateway, string Label, string? Member = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.DeviceEnrolledBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.DeviceId("device", Device),
        BodyRules.Key("gateway", Gateway),
        BodyRules.Name("label", Label),
        Member is null ? null : BodyRules.Name("member", Member));
}
