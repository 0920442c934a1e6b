using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kiosk.Mesh;

/// <summary>
/// TLS to a shared broker (<c>mqtts://</c>): the client certificate this node presents (issued by the hub's broker CA
/// for this node's key, with its private key) and that CA, the only one whose server certificates are trusted.
/// </summary>
/// <param name="ClientCertificate">This node's certificate, with its private key; its common name is the node's key.</param>
/// <param name="Authority">The broker's certificate authority (the hub's), pinned: no system root is trusted.</param>
public sealed record BrokerTls(X509Certificate2 ClientCertificate, X509Certificate2 Authority)
{
    /// <summary>True when <paramref name="server"/> was issued by <see cref="Authority"/> and names the host dialled.</summary>
    public bool Trusts(X509Certificate? server, SslPolicyErrors errors)
    {
        if (server is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(server.GetRawCertData());
        return chain.Build(certificate);
    }
}
