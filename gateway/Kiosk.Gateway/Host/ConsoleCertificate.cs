using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;

namespace Kiosk.Gateway.Host;

/// <summary>
/// The console's TLS certificate: self-signed (ECDSA P-256), made by <c>kiosk init</c> (or on the first run of an older
/// data folder) and kept as an owner-only PKCS#12 file. No CA vouches for it: a facilitator's browser warns on first
/// use, and the facilitator checks the SHA-256 fingerprint it shows against the one <c>kiosk status</c> prints and the
/// code sheet carries. Its names (localhost, the host name, <c>HOST.local</c> and the addresses the machine had when it
/// was made) let a browser match the address typed, so the only warning is the missing CA.
/// </summary>
public static class ConsoleCertificate
{
    /// <summary>How long a made certificate is valid: gateways may have no clock, and pinning by fingerprint needs no expiry.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365 * 100);

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Loads the certificate at <paramref name="path"/>, or makes and writes one (owner-only) when there is none.</summary>
    public static X509Certificate2 LoadOrCreate(string path, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Load(path) is { HasPrivateKey: true } existing) return existing;
        var bytes = Create(Dns.GetHostName(), LocalAddresses(), (time ?? TimeProvider.System).GetUtcNow());
        OwnerOnlyFile.WriteAtomically(path, bytes);
        return X509CertificateLoader.LoadPkcs12(bytes, null);
    }

    /// <summary>The certificate at <paramref name="path"/>, or null when there is none (or it cannot be read).</summary>
    public static X509Certificate2? Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return null;
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, null);
        }
        catch (CryptographicException)
        {
            return null; // a damaged file is replaced by LoadOrCreate; status shows no fingerprint for it
        }
    }

    /// <summary>A new self-signed server certificate for <paramref name="hostName"/> and <paramref name="addresses"/>, as PKCS#12 bytes (no password: the file is owner-only).</summary>
    public static byte[] Create(string hostName, IEnumerable<IPAddress> addresses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(addresses);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Name(hostName)}, O=Kiosk console"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in new[] { "localhost", Name(hostName), Name(hostName) + ".local" }.Distinct(StringComparer.OrdinalIgnoreCase))
            names.AddDnsName(dns);
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }.Concat(addresses).Distinct())
            names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>The SHA-256 fingerprint as browsers show it: upper-case hex pairs joined by colons.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => a + ":" + b);
    }

    /// <summary>The fingerprint of the certificate at <paramref name="path"/>, or null when there is none.</summary>
    public static string? FingerprintOf(string path)
    {
        using var certificate = Load(path);
        return certificate is null ? null : Fingerprint(certificate);
    }

    /// <summary>The host name as a DNS label (a host named oddly still gets a usable certificate).</summary>
    private static string Name(string hostName)
    {
        var cleaned = new string([.. hostName.Trim().TrimEnd('.').Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')]);
        return cleaned.Length == 0 ? "kiosk" : cleaned;
    }

    /// <summary>The machine's unicast addresses now (a LAN address may change later: the fingerprint, not the name, is what is checked).</summary>
    private static IEnumerable<IPAddress> LocalAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal)];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
