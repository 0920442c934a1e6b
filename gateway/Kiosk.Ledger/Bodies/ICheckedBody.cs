using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>An event body that can say what is wrong with it beyond what its JSON shape says.</summary>
public interface ICheckedBody
{
    /// <summary>Null when well formed, else a message naming the field and the problem.</summary>
    string? Check();

    /// <summary>
    /// The body's source-generated JSON contract, with <see cref="BodyJson.Options"/>' settings. A static member of the
    /// body type rather than a resolver registered at start-up, so that reading and writing bodies needs no reflection
    /// (Native AOT) and a body type without a contract does not compile.
    /// </summary>
    static abstract JsonTypeInfo JsonTypeInfo { get; }
}
