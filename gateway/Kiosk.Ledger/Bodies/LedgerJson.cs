using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiosk.Ledger.Bodies;

/// <summary>
/// Source-generated JSON contracts of the ledger's own event bodies, with the settings of <see cref="BodyJson.Options"/>
/// (a test checks that they agree), so bodies are read and written without reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    MaxDepth = BodyJson.MaxDepth)]
[JsonSerializable(typeof(AssemblyFoundedBody))]
[JsonSerializable(typeof(FacilitatorAddedBody))]
[JsonSerializable(typeof(FacilitatorRemovedBody))]
[JsonSerializable(typeof(GatewayEnrolledBody))]
[JsonSerializable(typeof(GatewayRetiredBody))]
[JsonSerializable(typeof(DeviceEnrolledBody))]
[JsonSerializable(typeof(DeviceRevokedBody))]
[JsonSerializable(typeof(BallotBoxKeyedBody))]
public sealed partial class LedgerJson : JsonSerializerContext;
