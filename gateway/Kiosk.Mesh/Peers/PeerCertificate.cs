using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Peers;

/// <summary>
/// A gateway's TLS certificate for peer links: self-signed (ECDSA P-256), made on first run and kept as a PKCS#12 file
/// (owner-only) in the data folder. Its common name is the gateway's key in hex, so a dialling gateway knows whose
/// statement to expect; trust comes from that statement (<see cref="Protocol.PeerStatement"/>), not from a CA.
/// </summary>
public static class PeerCertificate
{
    /// <summary>How long a made certificate is valid (gateways may have no clock; the link never checks dates).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365 * 100);

    /// <summary>Loads the certificate at <paramref name="path"/>, or makes and writes one for <paramref name="gatewayKey"/> when there is none (or it names another key).</summary>
    public static X509Certificate2 LoadOrCreate(string path, Bytes32 gatewayKey, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
            if (GatewayKeyOf(existing) == gatewayKey && existing.HasPrivateKey) return existing;
            existing.Dispose();
        }
        var bytes = Create(gatewayKey, (time ?? TimeProvider.System).GetUtcNow());
        OwnerOnlyFile.WriteAtomically(path, bytes);
        return X509CertificateLoader.LoadPkcs12(bytes, null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>A new self-signed certificate for <paramref name="gatewayKey"/>, as PKCS#12 bytes (no password: the file is owner-only).</summary>
    public static byte[] Create(Bytes32 gatewayKey, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={gatewayKey.ToHex()}, O=Kiosk gateway"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>The gateway key a peer certificate names (its common name), or null when it names none.</summary>
    public static Bytes32? GatewayKeyOf(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var full = certificate as X509Certificate2 is { } c2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var name = (certificate as X509Certificate2 ?? full!).GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return Protocol.LowerHex.TryParseKey(name, out var key) ? key : null;
    }
}
