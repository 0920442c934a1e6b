using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Kiosk.Gateway.Web;

/// <summary>The texts of one language (falling back to English for a missing one), as an <see cref="IStringLocalizer"/>.</summary>
public sealed class PageText : IStringLocalizer
{
    private static readonly HashSet<string> RightToLeft = new(StringComparer.Ordinal) { "ar", "he", "fa", "ur", "yi", "ps" };
    private readonly IReadOnlyDictionary<string, string> _texts;
    private readonly IReadOnlyDictionary<string, string> _fallback;

    internal PageText(string language, IReadOnlyDictionary<string, string> texts, IReadOnlyDictionary<string, string> fallback)
    {
        Language = language;
        _texts = texts;
        _fallback = fallback;
    }

    /// <summary>The language code, as used in <c>lang</c> attributes.</summary>
    public string Language { get; }

    /// <summary><c>rtl</c> for right-to-left scripts, else <c>ltr</c>.</summary>
    public string Direction => RightToLeft.Contains(Language) ? "rtl" : "ltr";

    /// <inheritdoc />
    public LocalizedString this[string name] => Find(name, null);

    /// <inheritdoc />
    public LocalizedString this[string name, params object[] arguments] => Find(name, arguments);

    /// <summary>The text named <paramref name="name"/> with <paramref name="arguments"/> filled in (pages encode it where they write it).</summary>
    public string T(string name, params object[] arguments) => this[name, arguments].Value;

    /// <summary>
    /// The text named <paramref name="name"/> in the plural form <paramref name="count"/> takes in this language
    /// (<c>NAME_one</c>, <c>NAME_other</c>, and for Arabic also <c>_zero</c>, <c>_two</c>, <c>_few</c>, <c>_many</c>:
    /// the CLDR plural categories), falling back to <c>NAME_other</c>; <paramref name="count"/> fills {0}.
    /// </summary>
    public string Plural(string name, decimal count, params object[] more)
    {
        string Key(string category) => $"{name}_{category}";
        var wanted = Key(PluralCategory(Language, count));
        var key = _texts.ContainsKey(wanted) ? wanted
            : _texts.ContainsKey(Key("other")) ? Key("other")
            : _fallback.ContainsKey(wanted) ? wanted : Key("other");
        return T(key, [Number(count), .. more]);
    }

    /// <summary>The CLDR plural category of <paramref name="count"/> in <paramref name="language"/> (cardinal numbers).</summary>
    internal static string PluralCategory(string language, decimal count)
    {
        if (count != decimal.Truncate(count)) return "other";
        var n = Math.Abs(count);
        if (language == "ar")
        {
            var hundred = n % 100;
            return n switch
            {
                0 => "zero",
                1 => "one",
                2 => "two",
                _ when hundred is >= 3 and <= 10 => "few",
                _ when hundred is >= 11 and <= 99 => "many",
                _ => "other",
            };
        }
        return n == 1 ? "one" : "other";
    }

    /// <summary>
    /// A number as this language writes it: its thousands and decimal separators (from its texts <c>NumberGroup</c>
    /// and <c>NumberDecimal</c>; the program runs with invariant globalization, so they cannot come from the OS),
    /// at most two decimals. English 7,500.5; Spanish 7.500,5.
    /// </summary>
    public string Number(decimal value)
    {
        var format = new NumberFormatInfo
        {
            NumberGroupSeparator = Raw("NumberGroup"),
            NumberDecimalSeparator = Raw("NumberDecimal"),
            NegativeSign = "−",
        };
        return value.ToString("#,0.##", format);
    }

    /// <summary>An amount of money: the number as this language writes it with the ballot's currency placed as its text
    /// <c>MoneyFormat</c> says ("€7,500" in English, "7.500 €" in Spanish); the bare number when the ballot names none.</summary>
    public string Money(decimal value, string? currency) =>
        string.IsNullOrEmpty(currency) ? Number(value) : string.Format(CultureInfo.InvariantCulture, Raw("MoneyFormat"), Number(value), currency);

    /// <inheritdoc />
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _texts.Select(t => new LocalizedString(t.Key, t.Value));

    private string Raw(string name) => _texts.GetValueOrDefault(name) ?? _fallback.GetValueOrDefault(name) ?? name;

    private LocalizedString Find(string name, object[]? arguments)
    {
        var found = _texts.ContainsKey(name) || _fallback.ContainsKey(name);
        var text = Raw(name);
        if (arguments is { Length: > 0 }) text = string.Format(CultureInfo.InvariantCulture, text, arguments);
        return new LocalizedString(name, text, resourceNotFound: !found);
    }
}
