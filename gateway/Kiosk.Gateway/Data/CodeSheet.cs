using System.Globalization;
using System.Text;
using Kiosk.Voting.Ballots;
using QRCoder;

namespace Kiosk.Gateway.Data;

/// <summary>
/// The printable sheet of voter codes: one cut-out slip per code with the ballot title, the code, its QR code (inline
/// SVG, so the page needs nothing from outside) and short instructions in each of the assembly's languages. The sheet
/// is the only place codes exist in plain text, so it is written readable by its owner only.
/// </summary>
public static class CodeSheet
{
    /// <summary>The languages the sheet has instructions in; others fall back to English.</summary>
    public static IReadOnlyList<string> InstructionLanguages { get; } = ["en", "es"];

    private const int QrModulePixels = 4;

    /// <summary>
    /// The HTML of a sheet for <paramref name="codes"/> (formatted XXXX-XXXX-XXXX) valid for <paramref name="ballots"/>; with
    /// <paramref name="consoleFingerprint"/>, a strip for the facilitator (not a slip) carries the console certificate's fingerprint.
    /// With <paramref name="camera"/> (the kiosks have cameras), the slips tell residents to hold the QR code up to it.
    /// </summary>
    public static string Html(string assemblyName, IReadOnlyList<BallotDefinition> ballots, IReadOnlyList<string> codes, decimal weight, IReadOnlyList<string> assemblyLanguages,
        string? consoleFingerprint = null, bool camera = false)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(assemblyLanguages);
        var languages = assemblyLanguages.Where(InstructionLanguages.Contains).Distinct().ToList();
        if (languages.Count == 0) languages.Add("en");
        var revote = ballots.Select(b => b.Revote).Distinct().Count() == 1 ? ballots[0].Revote : null;

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="{{languages[0]}}">
            <head>
            <meta charset="utf-8">
            <title>{{E(assemblyName)}} — voter codes</title>
            <style>
            @page { size: A4; margin: 10mm; }
            body { font-family: sans-serif; margin: 0; color: #000; background: #fff; }
            .sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
            .slip { border: 1px dashed #666; padding: 4mm; page-break-inside: avoid; break-inside: avoid; display: flex; gap: 4mm; }
            .slip svg { width: 32mm; height: 32mm; flex: none; }
            .assembly { font-size: 8pt; color: #333; }
            .ballot { font-weight: bold; font-size: 10pt; margin: 1mm 0; }
            .code { font-family: monospace; font-size: 16pt; letter-spacing: 0.5mm; margin: 2mm 0; white-space: nowrap; }
            .how { font-size: 7.5pt; margin: 1mm 0; }
            .notice { font-size: 9pt; margin: 4mm; }
            .facilitator { font-size: 8pt; margin: 2mm 0 4mm; border-bottom: 1px solid #000; padding-bottom: 2mm; }
            .facilitator code { font-size: 7.5pt; word-break: break-all; }
            @media print { .notice { display: none; } }
            </style>
            </head>
            <body>
            <p class="notice">{{codes.Count}} voter code(s). Print, cut along the dashed lines and hand out one slip per voter, without noting who gets which. Then delete this file: it is the only copy of the codes.</p>

            """);
        if (consoleFingerprint is not null)
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"facilitator\">For the facilitator (keep this strip): the console's certificate, SHA-256 <code>{E(consoleFingerprint)}</code>. On a laptop's first visit to the console over HTTPS, the browser's certificate details must show this fingerprint; if they do not, do not log in.</p>\n");
        html.Append("<div class=\"sheet\">\n");
        using var generator = new QRCodeGenerator();
        var titles = string.Join(" · ", ballots.Select(b => Translations.Pick(b.Title, languages[0])));
        foreach (var code in codes)
        {
            using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(QrModulePixels, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
            html.Append("<div class=\"slip\">").Append(svg).Append("<div>");
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"assembly\">{E(assemblyName)}</div><div class=\"ballot\">{E(titles)}</div>");
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"code\">{E(code)}</div>");
            foreach (var language in languages)
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"how\" lang=\"{language}\">{E(Instructions(language, revote, weight, camera))}</p>");
            html.Append("</div></div>\n");
        }
        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The short instructions on a slip, in <paramref name="language"/> (en or es). The QR code is promised to a camera only
    /// when the kiosks have one (<paramref name="camera"/>); otherwise only to a scanner, where the kiosk has one.
    /// </summary>
    public static string Instructions(string language, string? revote, decimal weight, bool camera = false)
    {
        var spanish = language == "es";
        var text = new StringBuilder((spanish, camera) switch
        {
            (true, true) => "Cómo votar: vaya a un quiosco de votación, escriba este código con las teclas de la pantalla o acerque el código QR a la cámara del quiosco (o a su lector, si lo tiene); luego elija.",
            (true, false) => "Cómo votar: vaya a un quiosco de votación, escriba este código con las teclas de la pantalla o, si el quiosco tiene lector, acerque el código QR al lector; luego elija.",
            (false, true) => "How to vote: go to a voting kiosk, type this code on the screen's keys or hold the QR code up to the kiosk's camera (or under its scanner, where it has one); then make your choice.",
            (false, false) => "How to vote: go to a voting kiosk, type this code on the screen's keys or, where the kiosk has a scanner, hold the QR code under it; then make your choice.",
        });
        text.Append(spanish
            ? " El quiosco le da un recibo: búsquelo luego en el tablero para comprobar que su voto se contó. No enseñe este código a nadie: nadie sabe de quién es."
            : " The kiosk gives you a receipt: look for it on the board later to check your vote was counted. Show this code to nobody: nobody knows whose it is.");
        if (revote == BallotDefinition.FirstCounts) text.Append(spanish ? " El código sirve una sola vez." : " The code works once.");
        if (revote == BallotDefinition.LastCounts) text.Append(spanish ? " Puede volver a votar con él hasta el cierre: cuenta su último voto." : " You may vote again with it until the ballot closes: your last vote counts.");
        if (weight != 1)
        {
            var w = weight.ToString(CultureInfo.InvariantCulture);
            text.Append(spanish ? $" Este código vale {w} votos." : $" This code counts as {w} votes.");
        }
        return text.ToString();
    }

    /// <summary>
    /// Writes <paramref name="text"/> to a new file readable and writable by its owner only (mode 0600), synced to the
    /// disk before it returns. A write that fails (a full disk) deletes what it made: a file of voter codes is whole or absent.
    /// </summary>
    public static void WriteOwnerOnly(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var stream = new FileStream(path, options);
        try
        {
            using (stream)
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Escapes the HTML specials and keeps every other character as UTF-8 text (Spanish stays readable in the file).</summary>
    private static string E(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);
}
