using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiosk.Ledger.Internal;

/// <summary>
/// Source-generated JSON contracts of the archive's lines. The settings are given at run time (<see cref="Create"/>)
/// because the relaxed encoder the archive uses cannot be named in <see cref="JsonSourceGenerationOptionsAttribute"/>.
/// </summary>
[JsonSerializable(typeof(LedgerArchive.Header))]
[JsonSerializable(typeof(LedgerArchive.Line))]
internal sealed partial class ArchiveJson : JsonSerializerContext
{
    /// <summary>The archive's contracts with its settings: web names, nulls left out, base64 and hex unescaped.</summary>
    public static ArchiveJson Create() => new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Base64 and hex need no escaping; the relaxed encoder keeps '+' and '/' readable (a file, not HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
