using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>
/// Removes a facilitator. <see cref="ValidThroughSeq"/> is the highest seq of the removed key's feed that the
/// remover had seen: those events keep counting, later ones do not. This makes removal a function of the
/// event set, not of arrival order.
/// </summary>
public sealed record FacilitatorRemovedBody(string Key, long ValidThroughSeq, string? Reason = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.FacilitatorRemovedBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.Key("key", Key),
        ValidThroughSeq >= 0 ? null : "validThroughSeq must be 0 or more",
        Reason is null ? null : BodyRules.Name("reason", Reason));
}
