using System.Globalization;
using Kiosk.Gateway.Audio;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web;

/// <summary>
/// <c>POST /kiosk/speech</c>: the audio ballot's speech. The kiosk page posts what its screen says (a text of the
/// page, which came from the same resx as the screen), its language and the resident's speed, and plays the WAV clip
/// it gets back in an audio element. The text travels in the body of a POST, never in an address, so no access log
/// holds a choice; it is never logged here either. While a watched headphone socket is empty the answer is 409 and
/// nothing is spoken: audio mode never reaches a loudspeaker unless the installer configured one.
/// </summary>
public static class SpeechEndpoints
{
    /// <summary>Where the kiosk page asks for speech.</summary>
    public const string SpeechUrl = "/kiosk/speech";

    /// <summary>Maps the route on the resident surface.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(SpeechUrl, Speak).DisableAntiforgery().WithMetadata(new SurfaceMetadata(Surface.Resident));
    }

    private static async Task<IResult> Speak(HttpContext http, GatewayOptions options, TextCatalog catalog, SpeechSynthesizer speech, HeadphoneWatch watch)
    {
        if (options.Audio is null) return Results.NotFound();
        if (!http.Request.HasFormContentType) return Refuse("the speech request is a form with lang, rate and text");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var text = (form["text"].LastOrDefault() ?? "").Trim();
        if (text.Length == 0) return Refuse("the text to speak is empty");
        if (text.Length > SpeechSynthesizer.MaxTextLength) return Refuse($"the text to speak is longer than {SpeechSynthesizer.MaxTextLength} characters");
        if (!int.TryParse(form["rate"].LastOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate is < AudioOptions.SlowestRate or > AudioOptions.FastestRate)
            return Refuse($"the speed is a number of words per minute from {AudioOptions.SlowestRate} to {AudioOptions.FastestRate}");
        var language = form["lang"].LastOrDefault();
        if (language is null || !catalog.Languages.Contains(language)) return Refuse($"the language is one of {string.Join(", ", catalog.Languages)}");
        if (!watch.MaySpeak) return Results.Text("no headphones are plugged in", statusCode: StatusCodes.Status409Conflict);
        var (wave, problem) = await speech.SpeakAsync(text, catalog.For(language).T("SpeechVoice"), rate, http.RequestAborted);
        if (wave is null) return Results.Text(problem ?? "no speech", statusCode: StatusCodes.Status503ServiceUnavailable);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(wave, "audio/wav");
    }

    private static IResult Refuse(string reason) => Results.Text(reason, statusCode: StatusCodes.Status400BadRequest);
}
