using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Hub.Broker;

/// <summary>
/// Checks a <see cref="BrokerCertificateRequest"/> against the hub's own ledger of the assembly and, when it holds,
/// issues the node's broker client certificate. Refusals are results naming the problem; nothing is issued then.
/// </summary>
public static class BrokerCertificateIssuer
{
    /// <summary>
    /// The request's problem, or null when it holds: the assembly is <paramref name="assembly"/>; the key is an enrolled,
    /// not retired gateway or hub of <paramref name="authority"/> (the hub's ledger of it); the TLS certificate names
    /// the key; the signature is the key's over the connect statement naming this hub and its CA.
    /// </summary>
    public static string? Check(BrokerCertificateRequest request, AssemblyId assembly, AuthorityTable authority, X509Certificate2 ca, out Bytes32 key, out X509Certificate2? tlsCertificate)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(ca);
        tlsCertificate = null;
        if (!Bytes32.TryParseHex(request.Key, out key)) return $"'{request.Key}' is not a key";
        if (request.Assembly != assembly.ToString()) return $"the request is for assembly {request.Assembly}, not {assembly}";
        if (!authority.Members.TryGetValue(key, out var member) || member.Role is not (Role.Gateway or Role.Hub))
            return $"{key.ToHex()} is not an enrolled gateway or hub of assembly {assembly}";
        if (member.IsRemoved) return $"gateway {member.Name} ({key.ShortHex}) is retired from assembly {assembly}";
        if (BrokerAuthority.HubKeyOf(ca) is not { } hub) return "this hub's CA names no hub key";
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(request.Certificate));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return $"the request's certificate is not readable ({e.Message})";
        }
        if (PeerCertificate.GatewayKeyOf(certificate) != key || certificate.GetECDsaPublicKey() is not { } ecdsa)
        {
            certificate.Dispose();
            return $"the request's certificate is not an ECDSA certificate of {key.ShortHex}";
        }
        ecdsa.Dispose();
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(request.Signature);
        }
        catch (FormatException)
        {
            signature = [];
        }
        if (!PeerStatement.Verify(signature, PeerStatement.Side.Connect, assembly, key, hub, PeerStatement.CertificateHash(certificate), PeerStatement.CertificateHash(ca)))
        {
            certificate.Dispose();
            return $"the request's signature is not {key.ShortHex}'s over the statement naming this hub ({hub.ShortHex}) and its CA";
        }
        tlsCertificate = certificate;
        return null;
    }
}
