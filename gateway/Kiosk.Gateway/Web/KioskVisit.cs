namespace Kiosk.Gateway.Web;

/// <summary>
/// A resident's visit to the kiosk as the server keeps it (<see cref="KioskVisits"/>, never in the page, a URL or a
/// cookie): language, text size, the screen, the code, the ballot, the half-made choice, and the problem to show.
/// </summary>
public sealed record KioskVisit
{
    /// <summary>Text sizes the resident may pick.</summary>
    public static readonly string[] Sizes = ["m", "l", "xl"];

    /// <summary>The text size of a fresh visit.</summary>
    public const string DefaultSize = "m";

    /// <summary>Longest objection reason the kiosk takes.</summary>
    public const int MaxObjection = 500;

    /// <summary>Longest text the code field takes (a code is 12 symbols; dashes and spaces may come with them).</summary>
    public const int MaxCodeText = 20;

    public string Lang { get; init; } = TextCatalog.DefaultLanguage;
    public string Size { get; init; } = DefaultSize;
    public KioskScreen Screen { get; init; } = KioskScreen.Code;

    /// <summary>The code as typed so far; empty once the vote is recorded or refused.</summary>
    public string Code { get; init; } = "";

    public string? Ballot { get; init; }

    /// <summary>The choice so far: option ids in order (the order is the ranking for ranked ballots).</summary>
    public IReadOnlyList<string> Selection { get; init; } = [];

    public string Objection { get; init; } = "";

    /// <summary>A problem to show on this screen (a mistyped code, a choice over budget), until the next step.</summary>
    public string? Problem { get; init; }

    /// <summary>On the receipt screen: what it shows.</summary>
    public KioskReceipt? Receipt { get; init; }

    /// <summary>The query string of a fresh page in this language and size (nothing else of the visit).</summary>
    public string Query => $"?lang={Uri.EscapeDataString(Lang)}&size={Uri.EscapeDataString(Size)}";

    /// <summary>A visit's start in <paramref name="language"/> and <paramref name="size"/>, each checked (unknown ones fall back to the defaults).</summary>
    public static KioskVisit Start(string? language, string? size, TextCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KioskVisit
        {
            Lang = catalog.Languages.Contains(language ?? "") ? language! : TextCatalog.DefaultLanguage,
            Size = Sizes.Contains(size ?? "") ? size! : DefaultSize,
        };
    }
}
