using System.Net;

namespace Kiosk.Mesh.Discovery;

/// <summary>A gateway found on the LAN: its advert (assembly and key, unproven) and where its peer listener is.</summary>
public sealed record DiscoveredGateway(DiscoveryAdvert Advert, IReadOnlyList<IPAddress> Addresses, int Port);
