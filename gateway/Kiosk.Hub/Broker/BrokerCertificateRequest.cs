using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Hub.Broker;

/// <summary>
/// What a gateway presents to get its broker client certificate (<c>kiosk hub request</c>, a small JSON file): its
/// assembly, its key, its TLS certificate (the mesh's peer certificate, whose key the issued certificate certifies) and
/// its signature over the mesh's connect statement (docs/mesh.md) naming the hub (the CA's key) as the accepting side
/// and the CA certificate as the accepting certificate. It can only be made with the gateway's private key, and it is
/// good only for that hub's CA.
/// </summary>
public sealed record BrokerCertificateRequest
{
    /// <summary>The format version (1).</summary>
    [JsonPropertyName("v")]
    public int Version { get; init; }

    // The version is a constructor parameter: a source-generated contract sets every init-only property it knows,
    // so a member missing from the JSON would get default(T) instead of the default here (dotnet/runtime#84484).
    /// <summary>A request of <paramref name="version"/> (1, the only one, unless a file says otherwise).</summary>
    [JsonConstructor]
    public BrokerCertificateRequest(int version = 1) => Version = version;

    /// <summary>The assembly id.</summary>
    public required string Assembly { get; init; }

    /// <summary>The gateway's key, hex.</summary>
    public required string Key { get; init; }

    /// <summary>The gateway's TLS certificate, DER in base64.</summary>
    public required string Certificate { get; init; }

    /// <summary>The Ed25519 signature over the connect statement, hex.</summary>
    public required string Signature { get; init; }

    /// <summary>Makes and signs a request for the node <paramref name="key"/> of <paramref name="assembly"/>, to the hub whose CA is <paramref name="authority"/>.</summary>
    public static BrokerCertificateRequest Create(AuthorKeyPair key, AssemblyId assembly, X509Certificate2 tlsCertificate, X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(tlsCertificate);
        ArgumentNullException.ThrowIfNull(authority);
        var hub = BrokerAuthority.HubKeyOf(authority) ?? throw new ArgumentException("the CA certificate names no hub key", nameof(authority));
        var signature = PeerStatement.Sign(key, PeerStatement.Side.Connect, assembly, key.PublicKey, hub,
            PeerStatement.CertificateHash(tlsCertificate), PeerStatement.CertificateHash(authority));
        return new BrokerCertificateRequest
        {
            Assembly = assembly.ToString(),
            Key = key.PublicKey.ToHex(),
            Certificate = Convert.ToBase64String(tlsCertificate.RawData),
            Signature = Convert.ToHexStringLower(signature),
        };
    }

    /// <summary>The request as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, HubJson.Default.BrokerCertificateRequest);

    /// <summary>Parses a request; null with <paramref name="problem"/> when the text is not one.</summary>
    public static BrokerCertificateRequest? Parse(string text, out string? problem)
    {
        try
        {
            var request = JsonSerializer.Deserialize(text, HubJson.Default.BrokerCertificateRequest);
            problem = request is null ? "it is empty" : request.Version == 1 ? null : $"it is of version {request.Version}, not 1";
            return problem is null ? request : null;
        }
        catch (JsonException e)
        {
            problem = $"it is not a certificate request ({e.Message})";
            return null;
        }
    }
}
