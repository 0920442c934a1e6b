using System.Text.Json.Serialization;

namespace Kiosk.Hub;

/// <summary>The source-generated JSON contract of <see cref="HubHealth"/>: compact, as ASP.NET Core writes web answers.</summary>
[JsonSerializable(typeof(HubHealth))]
internal sealed partial class HubHealthJson : JsonSerializerContext;
