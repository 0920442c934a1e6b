using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiosk.Hub;

/// <summary>
/// What the hub hands a new gateway (<c>kiosk hub bundle</c>), one JSON file it starts from (<c>kiosk hub join</c>): the
/// assembly's ledger archive as the hub holds it, the pinned keys of the hub and of the assembly's other gateways and
/// hubs, the broker's URL and CA, and the gateway's own broker client certificate. Nothing in it is secret: the
/// gateway's private keys never leave it, and every event is checked again on arrival.
/// </summary>
public sealed record EnrolmentBundle
{
    /// <summary>The format version (1).</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; }

    // The version is a constructor parameter: a source-generated contract sets every init-only property it knows,
    // so a member missing from the JSON would get default(T) instead of the default here (dotnet/runtime#84484).
    /// <summary>A bundle of <paramref name="version"/> (1, the only one, unless a file says otherwise).</summary>
    [JsonConstructor]
    public EnrolmentBundle(int version = 1) => Version = version;

    /// <summary>The assembly id.</summary>
    public required string Assembly { get; init; }

    /// <summary>The broker, <c>mqtts://HOST:PORT</c>.</summary>
    public required string Broker { get; init; }

    /// <summary>The hub's key, hex.</summary>
    public required string Hub { get; init; }

    /// <summary>The gateways and hubs enrolled and not retired, as the hub's ledger says (the new gateway checks its own ledger agrees).</summary>
    public required IReadOnlyList<PinnedKey> Peers { get; init; }

    /// <summary>The broker's CA certificate, PEM.</summary>
    public required string Ca { get; init; }

    /// <summary>The gateway's broker client certificate, PEM.</summary>
    public required string Certificate { get; init; }

    /// <summary>The ledger archive (<c>kiosk export</c>'s format), base64.</summary>
    public required string Ledger { get; init; }

    /// <summary>The bundle as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, HubJson.Default.EnrolmentBundle);

    /// <summary>Parses a bundle; null with <paramref name="problem"/> when the text is not one.</summary>
    public static EnrolmentBundle? Parse(string text, out string? problem)
    {
        try
        {
            var bundle = JsonSerializer.Deserialize(text, HubJson.Default.EnrolmentBundle);
            problem = bundle is null ? "it is empty" : bundle.Version == 1 ? null : $"it is of version {bundle.Version}, not 1";
            return problem is null ? bundle : null;
        }
        catch (JsonException e)
        {
            problem = $"it is not an enrolment bundle ({e.Message})";
            return null;
        }
    }
}
