namespace Kiosk.Voting.Tally;

/// <summary>
/// Fixed-point decimal arithmetic at a given number of decimal places, with the rounding directions Meek's method prescribes.
/// Products are exact while they fit decimal's 28 significant digits (up to 10 places with quotas below 10^8);
/// quotients are computed on scaled integers and corrected so rounding up or down is exact, never off by one unit.
/// </summary>
internal readonly struct FixedPoint
{
    private readonly decimal _scale;

    public FixedPoint(int places)
    {
        Places = places;
        _scale = 1m;
        for (var i = 0; i < places; i++) _scale *= 10m;
        Epsilon = 1m / _scale;
    }

    public int Places { get; }

    /// <summary>The smallest positive value, 10^-places.</summary>
    public decimal Epsilon { get; }

    /// <summary>a × b, rounded up to the precision.</summary>
    public decimal MulUp(decimal a, decimal b) => Math.Ceiling(a * b * _scale) / _scale;

    /// <summary>a ÷ b, rounded up to the precision (b &gt; 0).</summary>
    public decimal DivUp(decimal a, decimal b)
    {
        var num = a * _scale * _scale;
        var den = b * _scale;
        var q = Math.Floor(num / den);
        while (q * den > num) q--;
        while (q * den < num) q++;
        return q / _scale;
    }

    /// <summary>a ÷ b for a whole b, truncated to the precision.</summary>
    public decimal DivDown(decimal a, int b)
    {
        var num = a * _scale;
        var q = Math.Floor(num / b);
        while (q * b > num) q--;
        while ((q + 1) * b <= num) q++;
        return q / _scale;
    }
}
