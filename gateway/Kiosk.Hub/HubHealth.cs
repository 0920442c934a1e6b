using System.Text.Json.Serialization;

namespace Kiosk.Hub;

/// <summary>The hub's <c>/health</c> answer: ok or failing, the database's state, and how many assemblies it holds.</summary>
public sealed record HubHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("assemblies")] int Assemblies);
