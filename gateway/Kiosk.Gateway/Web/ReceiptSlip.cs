using System.Text;

namespace Kiosk.Gateway.Web;

/// <summary>
/// A vote's receipt as an ESC/POS print job for a small thermal printer: the assembly, the ballot, the tracker in
/// double size and where to check it, then a cut. Never the code and never the choice: the receipt is the same
/// tracker the board lists, which proves the vote was counted, not how it was cast.
/// </summary>
public static class ReceiptSlip
{
    private const byte Esc = 0x1B;
    private const byte Gs = 0x1D;
    private const byte LineFeed = 0x0A;

    // ESC @: reset the printer to its defaults (font, alignment, sizes), so a job never inherits another's settings.
    private static readonly byte[] Initialize = [Esc, (byte)'@'];
    private static readonly byte[] Centre = [Esc, (byte)'a', 1];
    private static readonly byte[] Left = [Esc, (byte)'a', 0];
    private static readonly byte[] BoldOn = [Esc, (byte)'E', 1];
    private static readonly byte[] BoldOff = [Esc, (byte)'E', 0];

    // GS ! n: character size, high nibble width and low nibble height multipliers minus one (0x11: double both).
    private static readonly byte[] DoubleSize = [Gs, (byte)'!', 0x11];
    private static readonly byte[] NormalSize = [Gs, (byte)'!', 0x00];

    // GS V 66 n: feed n lines past the cutter, then a partial cut (printers without a cutter ignore it).
    private static readonly byte[] FeedAndCut = [Gs, (byte)'V', 66, 3];

    /// <summary>The print job of <paramref name="receipt"/> in the texts of <paramref name="text"/>'s language.</summary>
    public static byte[] EscPos(string assemblyName, KioskReceipt receipt, PageText text)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(text);
        using var job = new MemoryStream();
        void Bytes(byte[] bytes) => job.Write(bytes);
        void Line(string line)
        {
            job.Write(Printable(line));
            job.WriteByte(LineFeed);
        }

        Bytes(Initialize);
        Bytes(Centre);
        Bytes(BoldOn);
        Line(assemblyName);
        Bytes(BoldOff);
        Line(receipt.BallotTitle);
        job.WriteByte(LineFeed);
        Line(text.T("YourReceipt"));
        Bytes(DoubleSize);
        Bytes(BoldOn);
        Line(receipt.Tracker);
        Bytes(BoldOff);
        Bytes(NormalSize);
        job.WriteByte(LineFeed);
        Bytes(Left);
        Line(text.T("ReceiptCheckWhere"));
        Line(text.T("ReceiptProvesOnly"));
        Bytes(FeedAndCut);
        return job.ToArray();
    }

    // Latin letters with accents and the punctuation the texts use, folded to ASCII. Spelled out rather than taken
    // from Unicode decomposition: the gateway runs in invariant globalization mode, where string.Normalize is a no-op.
    private const string Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ¿¡–—‘’“”\u00a0";
    private const string Folded = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy?!--''\"\" ";

    /// <summary>
    /// Text in the printer's default character set (ASCII is common to all of them): accents are dropped (é → e), other
    /// characters outside ASCII become '?'. Control characters never reach the printer, so no text can send a command.
    /// </summary>
    internal static byte[] Printable(string line)
    {
        var plain = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            var folded = Accented.IndexOf(c, StringComparison.Ordinal);
            if (c is >= ' ' and <= '~') plain.Append(c);
            else if (folded >= 0) plain.Append(Folded[folded]);
            else plain.Append(c == '…' ? "..." : "?");
        }
        return Encoding.ASCII.GetBytes(plain.ToString());
    }
}
