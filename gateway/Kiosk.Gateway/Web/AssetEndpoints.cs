using System.Security.Cryptography;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web;

/// <summary>The pages' own CSS and JavaScript, embedded in the program (offline: no CDN, no external fonts).</summary>
public static class AssetEndpoints
{
    private const string Prefix = "Kiosk.Web.Assets.";

    /// <summary>Maps <c>/assets/NAME</c> on both surfaces.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var assembly = typeof(AssetEndpoints).Assembly;
        var assets = new Dictionary<string, (byte[] Bytes, string Type, string ETag)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var file = name[Prefix.Length..];
            var type = Path.GetExtension(file) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", ".svg" => "image/svg+xml", _ => "application/octet-stream" };
            assets[file] = (bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!assets.TryGetValue(name, out var asset)) return Results.NotFound();
            http.Response.Headers.ETag = asset.ETag;
            http.Response.Headers.CacheControl = "public, max-age=3600";
            if (http.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(asset.Bytes, asset.Type);
        }).WithMetadata(new SurfaceMetadata(Surface.Resident, Surface.Console));
    }
}
