using Kiosk.Ledger;
using Kiosk.Mesh;

namespace Kiosk.Hub;

/// <summary>
/// Federation: another co-op's hub broker that this hub also connects to, as a client, for one assembly both hubs are
/// enrolled in. Through it this hub links only with that assembly's hubs (never with the other co-op's gateways); the
/// other co-op's broker grants this hub's certificate that assembly's topics only, so nothing of another assembly
/// travels either way.
/// </summary>
/// <param name="Assembly">The one assembly exchanged through this peer.</param>
/// <param name="Broker">The other hub's broker, <c>mqtts://HOST:PORT</c>.</param>
/// <param name="Tls">This hub's client certificate issued by the other hub's broker CA, and that CA.</param>
public sealed record FederationPeer(AssemblyId Assembly, Uri Broker, BrokerTls Tls);
