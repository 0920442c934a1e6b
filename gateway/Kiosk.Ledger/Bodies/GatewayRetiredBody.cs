using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>
/// Retires a gateway (or hub): an orderly goodbye. <see cref="ValidThroughSeq"/> is the highest seq of the gateway's feed,
/// and <see cref="BoxThroughSeq"/> of its ballot box's feed, that the retiring facilitator had seen: those events keep
/// counting (its votes on ballots still open among them), later ones do not. A retired gateway is refused as a peer and
/// no result waits for its <c>CloseSeen</c> any more. Like a facilitator's removal, it is a function of the event set.
/// </summary>
public sealed record GatewayRetiredBody(string Key, long ValidThroughSeq, long BoxThroughSeq = 0, string? Reason = null) : ICheckedBody
{
    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.GatewayRetiredBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.Key("key", Key),
        ValidThroughSeq >= 0 ? null : "validThroughSeq must be 0 or more",
        BoxThroughSeq >= 0 ? null : "boxThroughSeq must be 0 or more",
        Reason is null ? null : BodyRules.Name("reason", Reason));
}
