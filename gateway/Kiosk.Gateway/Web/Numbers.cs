using System.Globalization;

namespace Kiosk.Gateway.Web;

/// <summary>Numbers as the pages show them: invariant culture, at most two decimals.</summary>
public static class Numbers
{
    /// <summary>A number in the invariant culture (1000, 2.5).</summary>
    public static string Show(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A size in bytes for people: B, KiB or MiB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
    };
}
