using System.Globalization;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web.Camera;

/// <summary>
/// <c>POST /kiosk/camera?w=W&amp;h=H</c>: where the kiosk page sends a small greyscale frame of its camera (W × H bytes,
/// one per pixel) a few times a second while the welcome or code screen shows. The answer is 200 with the voter code
/// when the frame holds a slip's QR code (the page then posts it exactly as a USB scanner's code is posted), 204 when it
/// holds no QR code, 422 with the reason when its QR code is not a voter code. Only when a camera is configured (404
/// otherwise). Bounded: the frame's size is checked before it is read, frames are decoded one at a time and a few per
/// second (<see cref="CameraGate"/>), and the body must be <c>application/octet-stream</c>, which no other site's form can
/// send without a CORS preflight the gateway never grants (with an Origin header, it must be the kiosk's own). Neither
/// the frame nor the code it holds is ever logged or kept.
/// </summary>
public static class CameraEndpoints
{
    /// <summary>Where the kiosk page sends camera frames.</summary>
    public const string CameraUrl = "/kiosk/camera";

    /// <summary>The content type of a frame.</summary>
    public const string FrameType = "application/octet-stream";

    /// <summary>Maps the route on the resident surface.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(CameraUrl, ReadAsync).DisableAntiforgery().WithMetadata(new SurfaceMetadata(Surface.Resident));
    }

    private static async Task<IResult> ReadAsync(HttpContext http, GatewayOptions options, CameraGate gate)
    {
        if (!options.Camera) return Results.NotFound();
        var request = http.Request;
        if (!string.Equals(request.ContentType, FrameType, StringComparison.OrdinalIgnoreCase))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, $"a camera frame is sent as {FrameType}");
        if (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
            return Refuse(StatusCodes.Status403Forbidden, "camera frames come from the kiosk's own page only");
        if (!int.TryParse(request.Query["w"], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(request.Query["h"], NumberStyles.None, CultureInfo.InvariantCulture, out var height))
            return Refuse(StatusCodes.Status400BadRequest, "a camera frame names its width and height: ?w=W&h=H");
        if (request.ContentLength is not { } length) return Refuse(StatusCodes.Status411LengthRequired, "a camera frame says its length");
        if (CameraReader.ProblemWithFrame(width, height, length) is { } problem) return Refuse(StatusCodes.Status400BadRequest, problem);
        using var permit = gate.TryEnter();
        if (permit is null) return Refuse(StatusCodes.Status429TooManyRequests, "too many camera frames: a few a second, one at a time");

        var frame = new byte[length];
        try
        {
            await request.Body.ReadExactlyAsync(frame, http.RequestAborted);
        }
        catch (EndOfStreamException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "the camera frame is shorter than its length");
        }
        var reading = CameraReader.Read(frame, width, height);
        http.Response.Headers.CacheControl = "no-store";
        if (reading.Code is { } code) return Results.Json(new CameraCode(code), GatewayJson.Compact.CameraCode);
        if (reading.Problem is { } reason) return Refuse(StatusCodes.Status422UnprocessableEntity, reason);
        return Results.NoContent();
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);

    private static IResult Refuse(int status, string reason) => Results.Text(reason, statusCode: status);
}
