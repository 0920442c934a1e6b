using System.Globalization;
using System.Text;
using static Kiosk.Gateway.Web.Html;

namespace Kiosk.Gateway.Web;

/// <summary>Horizontal bar charts drawn as inline SVG on the server (no script, no external library).</summary>
public static class SvgChart
{
    private const int Width = 640;
    private const int BarHeight = 34;
    private const int Gap = 10;
    private const int LabelWidth = 220;
    private const int ValueWidth = 80;

    /// <summary>One bar per value; <paramref name="highlighted"/> bars (winners) are drawn in the strong colour.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, decimal Value)> values, IReadOnlySet<string> highlighted, decimal? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(highlighted);
        var max = Math.Max(values.Count == 0 ? 1 : values.Max(v => v.Value), threshold ?? 0);
        if (max <= 0) max = 1;
        var height = values.Count * (BarHeight + Gap) + Gap;
        var plot = Width - LabelWidth - ValueWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        svg.Append("<desc>").Append(E(string.Join("; ", values.Select(v => $"{v.Label}: {N(v.Value)}")))).Append("</desc>");
        for (var i = 0; i < values.Count; i++)
        {
            var (label, value) = values[i];
            var y = Gap + i * (BarHeight + Gap);
            var w = (double)(value / max) * plot;
            var css = highlighted.Contains(label) ? "bar win" : "bar";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + BarHeight * 0.68:0.#}\" text-anchor=\"end\" class=\"label\">{E(Shorten(label))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{Math.Max(w, 2):0.#}\" height=\"{BarHeight}\" rx=\"4\" class=\"{css}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + w + 8:0.#}\" y=\"{y + BarHeight * 0.68:0.#}\" class=\"value\">{N(value)}</text>");
        }
        if (threshold is { } t && t > 0)
        {
            var x = LabelWidth + (double)(t / max) * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"0\" x2=\"{x:0.#}\" y2=\"{height}\" class=\"threshold\"/>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string label) => label.Length <= 26 ? label : label[..25] + "…";
}
