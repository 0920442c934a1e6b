namespace Kiosk.Gateway.Host;

/// <summary>Endpoint metadata naming the surfaces an endpoint is served on (shared assets name both).</summary>
public sealed record SurfaceMetadata(params Surface[] Surfaces);
