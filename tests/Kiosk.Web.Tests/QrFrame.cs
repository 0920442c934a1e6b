using System.Globalization;
using System.Text;
using QRCoder;

namespace Kiosk.Web.Tests;

/// <summary>
/// Greyscale camera frames showing a QR code made as the slip makes it (QRCoder, error correction M, its quiet zone),
/// lying on a grey table; and the same frame as a Y4M video file, which Chromium's fake camera plays in a loop.
/// </summary>
public static class QrFrame
{
    /// <summary>The frame's size: a small webcam picture, as the kiosk page sends it.</summary>
    public const int Width = 320, Height = 240;

    private const byte Table = 110, Paper = 235, Ink = 20;

    /// <summary>A <see cref="Width"/> × <see cref="Height"/> frame (one byte per pixel) with the QR code of <paramref name="text"/> in the middle.</summary>
    public static byte[] Of(string text, int modulePixels = 5)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var side = matrix.Count * modulePixels;
        if (side > Height) throw new ArgumentException($"the QR code of {text.Length} characters does not fit the frame", nameof(text));
        var frame = Blank();
        var left = (Width - side) / 2;
        var top = (Height - side) / 2;
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
                frame[(top + y) * Width + left + x] = matrix[y / modulePixels][x / modulePixels] ? Ink : Paper;
        return frame;
    }

    /// <summary>A frame of the empty table: no QR code.</summary>
    public static byte[] Blank()
    {
        var frame = new byte[Width * Height];
        Array.Fill(frame, Table);
        return frame;
    }

    /// <summary>Writes <paramref name="frame"/> as a one-frame Y4M video (4:2:0, grey chroma) to <paramref name="path"/>.</summary>
    public static void WriteY4m(string path, byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"YUV4MPEG2 W{Width} H{Height} F10:1 Ip A1:1 C420jpeg\nFRAME\n")));
        file.Write(frame);
        var chroma = new byte[Width / 2 * (Height / 2)];
        Array.Fill(chroma, (byte)128);
        file.Write(chroma);
        file.Write(chroma);
    }
}
