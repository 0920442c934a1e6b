using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kiosk.Ledger;

namespace Kiosk.Mesh.Protocol;

/// <summary>
/// The statements two gateways sign to authenticate a link, bound to its TLS connection. Each names the assembly, both
/// gateways' keys and the SHA-256 of both TLS certificates; the dialling side signs the connect statement (its CONNECT
/// password), the accepting side the accept statement (its <c>auth</c> message). A CONNECT replayed on another TLS
/// connection names certificates that connection does not present, so it fails without any clock.
/// </summary>
public static class PeerStatement
{
    /// <summary>Length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    /// <summary>Which side signs.</summary>
    public enum Side
    {
        /// <summary>The dialling gateway (the MQTT client).</summary>
        Connect,

        /// <summary>The accepting gateway (whose broker took the connection).</summary>
        Accept,
    }

    /// <summary>
    /// The statement's bytes: six lines of ASCII, each ending in a line feed: <c>kiosk/v1/peer-connect</c> or
    /// <c>kiosk/v1/peer-accept</c>, the assembly id, the dialling key, the accepting key, the dialling certificate's
    /// hash, the accepting certificate's hash (lower-case hex).
    /// </summary>
    public static byte[] Bytes(Side side, AssemblyId assembly, Bytes32 dialler, Bytes32 acceptor, Bytes32 diallerCertificate, Bytes32 acceptorCertificate) =>
        Encoding.ASCII.GetBytes(
            $"kiosk/v1/peer-{(side == Side.Connect ? "connect" : "accept")}\n{assembly}\n{dialler.ToHex()}\n{acceptor.ToHex()}\n{diallerCertificate.ToHex()}\n{acceptorCertificate.ToHex()}\n");

    /// <summary>Signs the statement of <paramref name="side"/> with <paramref name="key"/>.</summary>
    public static byte[] Sign(AuthorKeyPair key, Side side, AssemblyId assembly, Bytes32 dialler, Bytes32 acceptor, Bytes32 diallerCertificate, Bytes32 acceptorCertificate)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = new byte[SignatureLength];
        key.Sign(Bytes(side, assembly, dialler, acceptor, diallerCertificate, acceptorCertificate), signature);
        return signature;
    }

    /// <summary>True when <paramref name="signature"/> is the signer's (the dialler for Connect, the acceptor for Accept) over the statement.</summary>
    public static bool Verify(ReadOnlySpan<byte> signature, Side side, AssemblyId assembly, Bytes32 dialler, Bytes32 acceptor, Bytes32 diallerCertificate, Bytes32 acceptorCertificate) =>
        signature.Length == SignatureLength &&
        SignatureVerifier.Verify(side == Side.Connect ? dialler : acceptor, Bytes(side, assembly, dialler, acceptor, diallerCertificate, acceptorCertificate), signature);

    /// <summary>SHA-256 of a certificate's DER bytes: what the statements name.</summary>
    public static Bytes32 CertificateHash(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Bytes32.Read(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>The CONNECT user name: <c>{assembly}:{dialling key}</c>.</summary>
    public static string UserName(AssemblyId assembly, Bytes32 dialler) => $"{assembly}:{dialler.ToHex()}";

    /// <summary>Parses a CONNECT user name.</summary>
    public static bool TryParseUserName(string? text, out AssemblyId assembly, out Bytes32 dialler)
    {
        assembly = default;
        dialler = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && AssemblyId.TryParse(text![..colon], out assembly) && LowerHex.TryParseKey(text.AsSpan(colon + 1), out dialler);
    }
}
