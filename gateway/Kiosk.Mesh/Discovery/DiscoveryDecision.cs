namespace Kiosk.Mesh.Discovery;

/// <summary>What <see cref="DiscoveryChoice"/> decided about a found gateway: dial it (as <see cref="Name"/>, at <see cref="Url"/>) or not, and why not.</summary>
public sealed record DiscoveryDecision(Uri? Url, string? Name, string? Reason)
{
    /// <summary>True when the gateway is to be dialled.</summary>
    public bool ToDial => Url is not null;

    /// <summary>Dial <paramref name="url"/>, naming the peer <paramref name="name"/> (its name in the ledger).</summary>
    public static DiscoveryDecision Dial(string name, Uri url) => new(url, name, null);

    /// <summary>Leave it, for <paramref name="reason"/>.</summary>
    public static DiscoveryDecision Ignore(string reason) => new(null, null, reason);
}
