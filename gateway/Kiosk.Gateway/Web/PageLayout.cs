using System.Text;

namespace Kiosk.Gateway.Web;

/// <summary>What a page adds to the shared layout: its surface, live stream, idle reset and header.</summary>
public sealed record PageLayout
{
    /// <summary>CSS class of the surface: kiosk, board or console.</summary>
    public required string Surface { get; init; }

    /// <summary>Text-size class (m, l, xl).</summary>
    public string Size { get; init; } = "m";

    /// <summary>The server-sent-events stream whose events refresh the page's live regions, if any.</summary>
    public string? LiveUrl { get; init; }

    /// <summary>Milliseconds without a touch before the page replaces itself with <see cref="ResetUrl"/>.</summary>
    public int? IdleMs { get; init; }

    /// <summary>Where the idle reset goes.</summary>
    public string? ResetUrl { get; init; }

    /// <summary>Seconds after which the page reloads when scripts are off (the board, the kiosk's idle reset).</summary>
    public int? NoScriptRefreshSeconds { get; init; }

    /// <summary>Where that reload goes (the page itself when null).</summary>
    public string? NoScriptRefreshUrl { get; init; }

    /// <summary>HTML first in the body, before the header (the code screen's default button).</summary>
    public string Prelude { get; init; } = "";

    /// <summary>HTML above the main region.</summary>
    public string Header { get; init; } = "";

    /// <summary>The whole page around <paramref name="main"/>.</summary>
    public string Render(PageText text, string title, string main)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html.E(text.Language)).Append("\" dir=\"").Append(text.Direction).Append("\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"dark light\">\n");
        html.Append("<title>").Append(Html.E(title)).Append("</title>\n<link rel=\"stylesheet\" href=\"/assets/site.css\">\n");
        if (NoScriptRefreshSeconds is { } seconds)
            html.Append("<noscript><meta http-equiv=\"refresh\" content=\"").Append(seconds).Append(NoScriptRefreshUrl is null ? "" : ";url=" + Html.E(NoScriptRefreshUrl)).Append("\"></noscript>\n");
        html.Append("<script src=\"/assets/app.js\" defer></script>\n</head>\n<body class=\"").Append(Surface).Append(" size-").Append(Html.E(Size)).Append('"');
        if (LiveUrl is not null) html.Append(" data-live=\"").Append(Html.E(LiveUrl)).Append('"');
        if (IdleMs is { } idle) html.Append(" data-idle-ms=\"").Append(idle).Append('"');
        if (ResetUrl is not null) html.Append(" data-reset=\"").Append(Html.E(ResetUrl)).Append('"');
        html.Append(">\n").Append(Prelude).Append("<a class=\"skip\" href=\"#main\">").Append(text.H("SkipToContent")).Append("</a>\n");
        html.Append(Header);
        html.Append("<main id=\"main\" tabindex=\"-1\">\n").Append(main).Append("\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
