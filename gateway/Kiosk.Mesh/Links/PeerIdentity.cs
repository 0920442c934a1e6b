using Kiosk.Ledger;

namespace Kiosk.Mesh.Links;

/// <summary>Who an accepted peer proved to be: its gateway key, its certificate's hash, and where it connected from.</summary>
internal sealed record PeerIdentity(Bytes32 Key, Bytes32 CertificateHash, string Remote);
