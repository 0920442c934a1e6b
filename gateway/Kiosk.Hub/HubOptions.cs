using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;
using Microsoft.Extensions.Logging;

namespace Kiosk.Hub;

/// <summary>What a running hub needs: its database, its key and certificate, and the broker its gateways use.</summary>
public sealed class HubOptions
{
    /// <summary>The hub database (migrated).</summary>
    public required HubDatabase Database { get; init; }

    /// <summary>The hub's key: enrolled as a hub (<c>kiosk gateway enrol --hub</c>) in each assembly it serves.</summary>
    public required AuthorKeyPair HubKey { get; init; }

    /// <summary>The hub's certificate (its key in the common name), as a gateway's.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The shared broker, <c>mqtt://HOST:PORT</c> or <c>mqtts://HOST:PORT</c> (with <see cref="BrokerTls"/>).</summary>
    public required Uri Broker { get; init; }

    /// <summary>
    /// The other nodes of the broker's cluster (a 3-node NATS cluster), tried in turn when the connection to the one in
    /// use is lost; empty for a single broker.
    /// </summary>
    public IReadOnlyList<Uri> OtherBrokerNodes { get; init; } = [];

    /// <summary>
    /// TLS to the broker (the hub's client certificate and its CA), for <c>mqtts://</c>. With it the hub also keeps the
    /// broker's dynamic-security ACLs in step with its ledgers (<see cref="Broker.BrokerAclKeeper"/>).
    /// </summary>
    public Kiosk.Mesh.BrokerTls? BrokerTls { get; init; }

    /// <summary>
    /// For a NATS cluster (<c>kiosk hub broker-config --nats</c>): the users file its nodes include, which the hub keeps
    /// in step with its ledgers instead of Mosquitto's ACLs (<see cref="Broker.NatsPermissionKeeper"/>); null otherwise.
    /// </summary>
    public string? NatsUsersFile { get; init; }

    /// <summary>The process id files of the NATS nodes on this machine, signalled to reload <see cref="NatsUsersFile"/>.</summary>
    public IReadOnlyList<string> NatsPidFiles { get; init; } = [];

    /// <summary>Other co-ops' hub brokers this hub also syncs through, each for one assembly (<see cref="FederationPeer"/>).</summary>
    public IReadOnlyList<FederationPeer> Federation { get; init; } = [];

    /// <summary>How often the enrolments are compared with the broker's ACLs.</summary>
    public TimeSpan AclInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where log lines go.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How often the database is looked at for assemblies added since (<c>kiosk hub import</c> while the hub runs).</summary>
    public TimeSpan AssemblyScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of the mesh's timers.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
