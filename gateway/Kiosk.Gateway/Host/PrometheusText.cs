using System.Globalization;
using System.Text;

namespace Kiosk.Gateway.Host;

/// <summary>
/// A small writer of the Prometheus text exposition format (version 0.0.4): <c># HELP</c>, <c># TYPE</c>, then one
/// sample per line. Enough for counters, gauges and one histogram, without a metrics library's dependencies on a Pi.
/// </summary>
public sealed class PrometheusText
{
    /// <summary>The content type Prometheus expects.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a metric family.</summary>
    public PrometheusText Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample, with labels as name/value pairs.</summary>
    public PrometheusText Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0) _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    /// <summary>A histogram from per-bucket counts (not cumulative; the last above every bound) and the sum.</summary>
    public PrometheusText Histogram(string name, string help, IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double sum)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        Family(name, "histogram", help);
        long cumulative = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            cumulative += counts[i];
            Sample(name + "_bucket", cumulative, ("le", Format(bounds[i])));
        }
        cumulative += counts[^1];
        Sample(name + "_bucket", cumulative, ("le", "+Inf"));
        Sample(name + "_sum", sum);
        return Sample(name + "_count", cumulative);
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    private static string Format(double value) => double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
