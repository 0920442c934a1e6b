using System.Text.Json.Serialization;

namespace Kiosk.Hardware;

/// <summary>Source-generated JSON contracts of the hardware part's files (the card PIN verifiers), read and written without reflection.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class HardwareJson : JsonSerializerContext;
