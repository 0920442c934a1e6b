using System.Text.Json.Serialization.Metadata;

namespace Kiosk.Ledger.Bodies;

/// <summary>Genesis: the assembly's name, the salt its id is derived from, and the languages it works in.</summary>
public sealed record AssemblyFoundedBody(string Name, string Salt, string[] Languages) : ICheckedBody
{
    /// <summary>Salt length in bytes (written as hex).</summary>
    public const int SaltLength = 16;

    /// <inheritdoc />
    public static JsonTypeInfo JsonTypeInfo => LedgerJson.Default.AssemblyFoundedBody;

    /// <inheritdoc />
    public string? Check() => BodyRules.First(
        BodyRules.Name("name", Name),
        Salt is { Length: SaltLength * 2 } && Salt.All(Uri.IsHexDigit) ? null : $"salt must be {SaltLength * 2} hex digits",
        Languages is { Length: > 0 } && Languages.All(l => l is { Length: >= 2 and <= 8 } && l.All(char.IsAsciiLetterLower))
            ? null : "languages must list at least one language code such as \"en\"");
}
