using Kiosk.Voting.Ballots;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Kiosk.Gateway.Web.Camera;

/// <summary>
/// Reads a slip's QR code in one greyscale camera frame with ZXing.Net's core decoder: the frame arrives as raw
/// luminance bytes (one byte per pixel, row by row), so no image library (System.Drawing, SkiaSharp) is involved.
/// A QR code is accepted only when its text is a voter code with a valid check symbol; anything else is refused with
/// the reason. Pure: bytes in, a <see cref="CameraReading"/> out.
/// </summary>
public static class CameraReader
{
    /// <summary>The narrowest and shortest frame read: smaller frames cannot resolve a slip's QR code.</summary>
    public const int MinSide = 64;

    /// <summary>The widest and tallest frame read: enough for a slip held at arm's length, small enough to decode in milliseconds.</summary>
    public const int MaxSide = 640;

    // Only QR codes (the slip has nothing else), and the harder search: a hand-held slip is tilted and unevenly lit.
    private static readonly Dictionary<DecodeHintType, object> Hints = new()
    {
        [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
        [DecodeHintType.TRY_HARDER] = true,
        [DecodeHintType.CHARACTER_SET] = "UTF-8",
    };

    /// <summary>Why a frame of <paramref name="width"/> × <paramref name="height"/> with <paramref name="length"/> bytes cannot be read, or null when it can.</summary>
    public static string? ProblemWithFrame(int width, int height, long length)
    {
        if (width is < MinSide or > MaxSide || height is < MinSide or > MaxSide)
            return $"a camera frame is {MinSide} to {MaxSide} pixels wide and high, not {width} × {height}";
        if (length != (long)width * height)
            return $"a {width} × {height} greyscale frame is {width * height} bytes (one per pixel), not {length}";
        return null;
    }

    /// <summary>Reads the QR code in <paramref name="luminance"/>, a <paramref name="width"/> × <paramref name="height"/> greyscale frame.</summary>
    public static CameraReading Read(ReadOnlySpan<byte> luminance, int width, int height)
    {
        if (ProblemWithFrame(width, height, luminance.Length) is not null) return CameraReading.Nothing;
        // PlanarYUVLuminanceSource reads the Y plane only: a greyscale frame is exactly that.
        var source = new PlanarYUVLuminanceSource(luminance.ToArray(), width, height, 0, 0, width, height, false);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), Hints);
        if (result?.Text is not { } text) return CameraReading.Nothing;
        var code = VoterCode.Normalize(text, out var problem);
        return code is not null
            ? new CameraReading(VoterCode.Format(code), null)
            : new CameraReading(null, "this QR code is not a voter code: " + (problem?.Message ?? "it does not read as one"));
    }
}
