using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>
/// Event bodies are UTF-8 JSON objects. The bytes an author signed are kept as they are, so the JSON
/// need not be canonical; reading is strict (unknown members and missing required members are errors).
/// </summary>
public static class BodyJson
{
    /// <summary>The deepest nesting a body may have.</summary>
    public const int MaxDepth = 16;

    /// <summary>
    /// The one set of serializer options every body uses. <see cref="Write{T}"/> and <see cref="TryRead{T}"/> go through each
    /// body's source-generated contract (<see cref="ICheckedBody.JsonTypeInfo"/>), which carries the same settings (tests
    /// check); these options resolve nothing themselves, so a caller using them directly gives them a resolver (or, outside
    /// the Native AOT program, gets reflection).
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        MaxDepth = MaxDepth,
    };

    /// <summary>Serializes a body to compact UTF-8 JSON.</summary>
    public static byte[] Write<T>(T body) where T : ICheckedBody => JsonSerializer.SerializeToUtf8Bytes(body, T.JsonTypeInfo);

    /// <summary>Reads and checks a body; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryRead<T>(ReadOnlyMemory<byte> bytes, out T body, out string? error) where T : class, ICheckedBody
    {
        body = null!;
        try
        {
            var parsed = JsonSerializer.Deserialize(bytes.Span, T.JsonTypeInfo) as T;
            if (parsed is null)
            {
                error = "body is JSON null, expected an object";
                return false;
            }
            error = parsed.Check();
            body = parsed;
            return error is null;
        }
        catch (JsonException e)
        {
            error = $"body is not a well-formed {typeof(T).Name}: {e.Message}";
            return false;
        }
    }

    /// <summary>A body checker for a kind rule: parses as <typeparamref name="T"/> and runs its checks.</summary>
    public static Func<ReadOnlyMemory<byte>, string?> Checker<T>() where T : class, ICheckedBody =>
        bytes => TryRead<T>(bytes, out _, out var error) ? null : error;
}
