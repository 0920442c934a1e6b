using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;

namespace Kiosk.Hub.Broker;

/// <summary>
/// The hub's certificate authority for its broker (ECDSA P-256): it signs the broker's server certificate, the hub's own
/// client certificate and each gateway's (<see cref="BrokerCertificateIssuer"/>). The CA's common name is the hub's key,
/// so a gateway given <c>ca.crt</c> knows which hub of its ledger it belongs to. Kept as PEM files in a folder:
/// <c>ca.crt</c> (public) and <c>ca.key</c> (owner-only).
/// </summary>
public sealed class BrokerAuthority : IDisposable
{
    /// <summary>The CA certificate's file name.</summary>
    public const string CertificateFile = "ca.crt";

    /// <summary>The CA key's file name.</summary>
    public const string KeyFile = "ca.key";

    /// <summary>How long issued certificates are valid: Mosquitto checks dates, and a gateway's uplink may be rare.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365 * 20);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa _key;

    private BrokerAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate (public).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The hub key a CA certificate names, or null when it names none.</summary>
    public static Bytes32? HubKeyOf(X509Certificate2 authority) => Mesh.Peers.PeerCertificate.GatewayKeyOf(authority);

    /// <summary>Loads the CA from <paramref name="folder"/>, or makes one for <paramref name="hubKey"/> there when there is none.</summary>
    public static BrokerAuthority LoadOrCreate(string folder, Bytes32 hubKey, DateTimeOffset now)
    {
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            return new BrokerAuthority(X509CertificateLoader.LoadCertificateFromFile(certificatePath), key);
        }
        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hubKey.ToHex()}, O=Kiosk hub broker CA"), created, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var selfSigned = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
        WritePrivate(keyPath, created.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, selfSigned.ExportCertificatePem());
        return new BrokerAuthority(X509CertificateLoader.LoadCertificate(selfSigned.RawData), created);
    }

    /// <summary>
    /// A server certificate for the broker, naming <paramref name="hosts"/> (DNS names or IP addresses); PEM certificate
    /// and key. With <paramref name="route"/>, it also serves as a client certificate: a NATS node presents it when it
    /// dials the other nodes' cluster routes.
    /// </summary>
    public (string Certificate, string Key) IssueServer(IReadOnlyList<string> hosts, DateTimeOffset now, bool route = false)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hosts[0]}, O=Kiosk hub broker"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
            if (System.Net.IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = Sign(request, route ? [ServerAuth, ClientAuth] : [ServerAuth], now);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A client certificate for the node <paramref name="key"/>, over the public key of <paramref name="tlsKey"/> (the node's own TLS key); its common name is the node's key (the broker's user name).</summary>
    public X509Certificate2 IssueClient(Bytes32 key, PublicKey tlsKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tlsKey);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={key.ToHex()}, O=Kiosk gateway"), tlsKey, HashAlgorithmName.SHA256);
        return Sign(request, [ClientAuth], now);
    }

    private X509Certificate2 Sign(CertificateRequest request, Oid[] usages, DateTimeOffset now)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        var notAfter = now.Add(Validity) < Certificate.NotAfter ? now.Add(Validity) : new DateTimeOffset(Certificate.NotAfter);
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddDays(-1), notAfter, serial);
    }

    /// <summary>Writes a secret file readable by its owner only.</summary>
    public static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.Delete(path);
        using var file = new StreamWriter(new FileStream(path, options));
        file.Write(text);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}
