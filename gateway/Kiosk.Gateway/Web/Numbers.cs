using System.Globalization;

namespace Kiosk.Gateway.Web;

/// <summary>Numbers as the pages show them: invariant culture, at most two decimals.</summary>
public static class Numbers
{
    /// <summary>A number in the invariant culture (1000, 2.5).</summary>
    public static string Show(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
