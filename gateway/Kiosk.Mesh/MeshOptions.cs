using System.Security.Cryptography.X509Certificates;
using Kiosk.Ledger;
using Kiosk.Mesh.Peers;
using Kiosk.Mesh.Protocol;
using Microsoft.Extensions.Logging;

namespace Kiosk.Mesh;

/// <summary>What a <see cref="MeshNode"/> needs: the ledger it replicates, this gateway's key and certificate, the peers to dial, and its timings.</summary>
public sealed class MeshOptions
{
    /// <summary>The gateway's ledger (founded; this gateway enrolled in it).</summary>
    public required Kiosk.Ledger.Ledger Ledger { get; init; }

    /// <summary>This gateway's key: its identity on every link.</summary>
    public required AuthorKeyPair GatewayKey { get; init; }

    /// <summary>This gateway's TLS certificate (<see cref="PeerCertificate"/>), used on both sides of its links.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The peers to dial (<c>kiosk peer add</c>).</summary>
    public IReadOnlyList<PeerEntry> Peers { get; init; } = [];

    /// <summary>The clock of every timer and delay.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where log lines go.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How often, at most, this gateway's <c>have</c> is re-published when its state changed.</summary>
    public TimeSpan HaveInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often (±50% jitter) a link re-offers its have and re-plans while the two state hashes differ.</summary>
    public TimeSpan CatchUpInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a want may go without a batch before it is given up and asked again from the committed vector.</summary>
    public TimeSpan WantTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a dialling gateway waits for the accepting side's <c>auth</c>.</summary>
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Live events queued per link before the link falls back to catch-up.</summary>
    public int LiveQueueLimit { get; init; } = 4096;

    /// <summary>Bytes of events granted per want.</summary>
    public int Credit { get; init; } = MeshLimits.DefaultCredit;

    /// <summary>First and longest delay between dials of an unreachable peer.</summary>
    public TimeSpan RedialInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="RedialInitial"/>
    public TimeSpan RedialMaximum { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A link that stayed up this long resets the redial back-off.</summary>
    public TimeSpan StableLink { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First and longest time a peer is shut out after it sent <see cref="MeshLimits.RefusalsBeforeDrop"/> refused events.</summary>
    public TimeSpan BanInitial { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc cref="BanInitial"/>
    public TimeSpan BanMaximum { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Random source of jitter (tests give a seeded one).</summary>
    public Random? Random { get; init; }

    /// <summary>
    /// At start, with peers configured, this gateway's own feeds are held (nothing written: no votes, no CloseSeen, no box
    /// batches) until every configured peer has sent its have or failed a dial — a peer's have is what tells a gateway
    /// restored from an older copy that it must not write — and for this long at most. Zero: no such hold.
    /// </summary>
    public TimeSpan StartupCheck { get; init; } = TimeSpan.FromSeconds(10);
}
