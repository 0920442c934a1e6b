using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>Enrols a gateway (or a hub, with role "hub") key under a name.</summary>
public sealed record GatewayEnrolledBody(string Key, string Name, string Role = GatewayEnrolledBody.GatewayRole) : ICheckedBody
{
    /// <summary>Role text of an ordinary gateway.</summary>
    public const string GatewayRole = "gateway";

    /// <summary>Role text of a co-op hub.</summary>
    public const string HubRole = "hub";

    /// <summary>The role this enrolment grants.</summary>
    public Kiosk.Ledger.Role GrantedRole => Role == HubRole ? Kiosk.Ledger.Role.Hub : Kiosk.Ledger.Role.Gateway;

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.GatewayEnrolledBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.Key("key", Key),
        BodyRules.Name("name", Name),
        Role is GatewayRole or HubRole ? null : "role must be \"gateway\" or \"hub\"");
}
