using System.Text.Json;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// Strict reading of the protocol's JSON messages: required members present and of the right type, keys and hashes
/// in lower-case hex, numbers in range. Unknown members are ignored, so a later version can add some.
/// </summary>
internal static class MeshJson
{
    /// <summary>Thrown (and caught by the decoders) when a message breaks the protocol; the message says how.</summary>
    internal sealed class ProblemException(string message) : Exception(message);

    public static readonly JsonDocumentOptions Options = new() { MaxDepth = 8, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static JsonElement Root(JsonDocument document, string what)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ProblemException($"{what} is not a JSON object");
        var version = Long(root, "v", what);
        if (version != MeshLimits.Version) throw new ProblemException($"{what} is protocol version {version}; this gateway speaks version {MeshLimits.Version}");
        return root;
    }

    public static JsonElement Member(JsonElement element, string name, JsonValueKind kind, string what)
    {
        if (!element.TryGetProperty(name, out var value)) throw new ProblemException($"{what} lacks \"{name}\"");
        if (value.ValueKind != kind) throw new ProblemException($"{what}: \"{name}\" is {value.ValueKind.ToString().ToLowerInvariant()}, not {kind.ToString().ToLowerInvariant()}");
        return value;
    }

    public static long Long(JsonElement element, string name, string what, long min = 0, long max = long.MaxValue)
    {
        var value = Member(element, name, JsonValueKind.Number, what);
        if (!value.TryGetInt64(out var number) || number < min || number > max)
            throw new ProblemException($"{what}: \"{name}\" is not a whole number between {min} and {max}");
        return number;
    }

    public static Bytes32 Key(JsonElement element, string name, string what) => ParseKey(Member(element, name, JsonValueKind.String, what).GetString(), name, what);

    public static Bytes32 ParseKey(string? text, string name, string what)
    {
        if (!LowerHex.TryParseKey(text, out var key))
            throw new ProblemException($"{what}: \"{name}\" is not 64 lower-case hex digits");
        return key;
    }

    /// <summary>An Ed25519 signature: 128 lower-case hex digits in member <c>"signature"</c>.</summary>
    public static byte[] Signature(JsonElement element, string what)
    {
        var text = Member(element, "signature", JsonValueKind.String, what).GetString()!;
        if (text.Length != PeerStatement.SignatureLength * 2 || !LowerHex.IsLowerHex(text))
            throw new ProblemException($"{what}: \"signature\" is not {PeerStatement.SignatureLength * 2} lower-case hex digits");
        return Convert.FromHexString(text);
    }

    public static JsonElement.ArrayEnumerator Array(JsonElement element, string name, string what, int maxItems)
    {
        var array = Member(element, name, JsonValueKind.Array, what);
        if (array.GetArrayLength() > maxItems) throw new ProblemException($"{what}: \"{name}\" lists {array.GetArrayLength()} items; the limit is {maxItems}");
        return array.EnumerateArray();
    }

    public static JsonElement Object(JsonElement item, string what)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new ProblemException($"{what}: an item is {item.ValueKind.ToString().ToLowerInvariant()}, not an object");
        return item;
    }

    /// <summary>Runs a decoder, turning protocol and JSON errors into a problem text.</summary>
    public static bool TryDecode<T>(ReadOnlySpan<byte> payload, int maxBytes, string what, Func<JsonElement, T> read, out T message, out string? problem)
    {
        message = default!;
        problem = null;
        if (payload.Length > maxBytes)
        {
            problem = $"{what} is {payload.Length} bytes; the limit is {maxBytes}";
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray(), Options);
            message = read(Root(document, what));
            return true;
        }
        catch (JsonException e)
        {
            problem = $"{what} is not valid JSON ({e.Message})";
        }
        catch (ProblemException e)
        {
            problem = e.Message;
        }
        return false;
    }

    /// <summary>Writes a message object with <c>"v"</c> first.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", MeshLimits.Version);
            body(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
