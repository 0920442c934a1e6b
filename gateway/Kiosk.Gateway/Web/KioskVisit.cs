namespace Kiosk.Gateway.Web;

/// <summary>
/// A resident's visit to the kiosk, carried only in the page's own form fields (never in a session or cookie, so an
/// idle reset leaves nothing behind): language, text size, the code, the ballot, and the half-made choice.
/// </summary>
public sealed record KioskVisit
{
    /// <summary>Text sizes the resident may pick.</summary>
    public static readonly string[] Sizes = ["m", "l", "xl"];

    /// <summary>Longest objection reason the kiosk takes.</summary>
    public const int MaxObjection = 500;

    public string Lang { get; init; } = TextCatalog.DefaultLanguage;
    public string Size { get; init; } = "m";
    public string Code { get; init; } = "";
    public string? Ballot { get; init; }

    /// <summary>The choice so far: option ids in order (the order is the ranking for ranked ballots).</summary>
    public IReadOnlyList<string> Selection { get; init; } = [];

    public string Objection { get; init; } = "";

    /// <summary>The visit as hidden fields of the next form.</summary>
    public string Fields(bool withChoice = true) =>
        Html.Hidden("lang", Lang) + Html.Hidden("size", Size) + Html.Hidden("code", Code) +
        (Ballot is null ? "" : Html.Hidden("ballot", Ballot)) +
        (withChoice ? Html.Hidden("sel", string.Join(',', Selection)) + Html.Hidden("obj", Objection) : "");

    /// <summary>The query string of a fresh page in this language and size (nothing else of the visit).</summary>
    public string Query => $"?lang={Uri.EscapeDataString(Lang)}&size={Uri.EscapeDataString(Size)}";

    /// <summary>Reads the visit from a posted form or a query string.</summary>
    public static KioskVisit From(Func<string, string?> field, TextCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(catalog);
        var lang = field("lang");
        var size = field("setsize") ?? field("size");
        var objection = (field("obj") ?? "").Trim();
        return new KioskVisit
        {
            Lang = catalog.Languages.Contains(lang ?? "") ? lang! : TextCatalog.DefaultLanguage,
            Size = Sizes.Contains(size ?? "") ? size! : "m",
            Code = (field("code") ?? "").Trim(),
            Ballot = string.IsNullOrWhiteSpace(field("ballot")) ? null : field("ballot")!.Trim(),
            Selection = (field("sel") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray(),
            Objection = objection.Length > MaxObjection ? objection[..MaxObjection] : objection,
        };
    }
}
