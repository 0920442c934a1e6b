using Kiosk.Voting.Ballots;
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kiosk.Devices;

/// <summary>
/// The gateway's side of the device protocol (docs/device-protocol.md), pure: decode a press, compute and check its
/// HMAC-SHA256, encode acks and the current ballot. The firmware's <c>ButtonProtocol</c> is the device's side.
/// </summary>
public static class DeviceProtocol
{
    /// <summary>Largest payload accepted on a device topic, in bytes.</summary>
    public const int MaxPayloadBytes = 512;

    /// <summary>
    /// The "ballot" of a presence press: a member's own button checks them in (option <c>in</c>) or out (<c>out</c>) of the
    /// open meeting. No ballot id can start with '@', so it never names a real ballot.
    /// </summary>
    public const string PresenceBallot = "@presence";

    /// <summary>Size of a device secret in bytes.</summary>
    public const int SecretBytes = 32;

    /// <summary>Hex digits of an HMAC-SHA256.</summary>
    public const int HmacHexLength = 64;

    /// <summary>The exact text the HMAC covers: <c>kiosk/v1|assembly|device|ballot|option|counter</c>.</summary>
    public static string SignedText(string assembly, string device, string ballot, string option, long counter) =>
        $"kiosk/v1|{assembly}|{device}|{ballot}|{option}|{counter.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The HMAC (hex) a device with <paramref name="secret"/> puts on a press.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string assembly, string device, string ballot, string option, long counter) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(SignedText(assembly, device, ballot, option, counter))));

    /// <summary>True when <paramref name="press"/>'s HMAC is right for <paramref name="device"/> under <paramref name="secret"/> (constant time).</summary>
    public static bool Verify(ReadOnlySpan<byte> secret, string assembly, string device, PressMessage press)
    {
        ArgumentNullException.ThrowIfNull(press);
        Span<byte> given = stackalloc byte[SecretBytes];
        if (press.Hmac.Length != HmacHexLength || Convert.FromHexString(press.Hmac, given, out _, out var written) != OperationStatus.Done || written != SecretBytes)
            return false;
        var expected = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(SignedText(assembly, device, press.Ballot, press.Option, press.Counter)));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>A signed press (for tests, the benchmark and command-line clients).</summary>
    public static PressMessage CreatePress(ReadOnlySpan<byte> secret, string assembly, string device, string ballot, string option, long counter) =>
        new(ballot, option, counter, Sign(secret, assembly, device, ballot, option, counter));

    /// <summary>The JSON payload of a press.</summary>
    public static string EncodePress(PressMessage press)
    {
        ArgumentNullException.ThrowIfNull(press);
        // Written member by member in the firmware's order and names; the default encoder is the serializer's own.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ballot", press.Ballot);
            writer.WriteString("option", press.Option);
            writer.WriteNumber("counter", press.Counter);
            writer.WriteString("hmac", press.Hmac);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a press payload; null with <paramref name="problem"/> saying what is wrong.</summary>
    public static PressMessage? DecodePress(ReadOnlySequence<byte> payload, out string? problem)
    {
        if (payload.Length > MaxPayloadBytes) { problem = $"payload of {payload.Length} bytes exceeds {MaxPayloadBytes}"; return null; }
        // The JSON reader checks UTF-8 only when a string is read, and then throws outside JsonException: check it first.
        if (!System.Text.Unicode.Utf8.IsValid(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray())) { problem = "payload is not valid UTF-8"; return null; }
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { problem = "payload is not a JSON object"; return null; }
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var ballot = Text("ballot");
            var option = Text("option");
            var hmac = Text("hmac");
            long counter = 0;
            var hasCounter = root.TryGetProperty("counter", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out counter) && counter > 0;
            problem = ballot is null ? "missing ballot" : option is null ? "missing option" : !hasCounter ? "missing or invalid counter (a positive integer)"
                : hmac is null || hmac.Length != HmacHexLength ? "missing hmac (64 hex digits)" : null;
            return problem is null ? new PressMessage(ballot!, option!, counter, hmac!.ToLowerInvariant()) : null;
        }
        catch (JsonException)
        {
            problem = "payload is not valid JSON";
            return null;
        }
    }

    /// <summary>The counter a malformed press names, when it names one (so the device can match the refusal); else 0.</summary>
    public static long CounterOf(ReadOnlySequence<byte> payload)
    {
        if (payload.Length > MaxPayloadBytes) return 0;
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("counter", out var c)
                && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var n) ? n : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary>The JSON payload of an ack.</summary>
    public static byte[] EncodeAck(AckMessage ack) => JsonSerializer.SerializeToUtf8Bytes(ack, DevicesJson.Default.AckMessage);

    /// <summary>Reads an ack (tests and the benchmark).</summary>
    public static AckMessage? DecodeAck(ReadOnlySpan<byte> payload)
    {
        try { return JsonSerializer.Deserialize(payload, DevicesJson.Default.AckMessage); }
        catch (JsonException) { return null; }
    }

    /// <summary>The JSON payload of the current ballot.</summary>
    public static byte[] EncodeCurrentBallot(CurrentBallot ballot) => JsonSerializer.SerializeToUtf8Bytes(ballot, DevicesJson.Default.CurrentBallot);

    /// <summary>A new random device secret.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);
}
