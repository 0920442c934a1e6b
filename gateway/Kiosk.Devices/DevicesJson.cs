using System.Text.Json;
using System.Text.Json.Serialization;
using Kiosk.Voting.Ballots;

namespace Kiosk.Devices;

/// <summary>
/// Source-generated JSON contracts of the device protocol's messages and the button settings file, so the broker reads and
/// writes them without reflection. Member names are fixed by <see cref="JsonPropertyNameAttribute"/> on each type (the
/// firmware's names); nulls are left out of messages.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AckMessage))]
[JsonSerializable(typeof(CurrentBallot))]
[JsonSerializable(typeof(DeviceConfig))]
public sealed partial class DevicesJson : JsonSerializerContext
{
    /// <summary>The same contracts written indented, for the settings file a person may read.</summary>
    public static DevicesJson Indented { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
