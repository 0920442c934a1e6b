using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>Adds a facilitator key with a display name.</summary>
public sealed record FacilitatorAddedBody(string Key, string Name) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.FacilitatorAddedBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(BodyRules.Key("key", Key), BodyRules.Name("name", Name));
}
