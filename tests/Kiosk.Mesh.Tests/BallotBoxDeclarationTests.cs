using Kiosk.Ledger;
using Kiosk.Mesh.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Mesh.Tests;

/// <summary>
/// A running gateway declares its ballot box (one <c>BallotBoxKeyed</c> in its own feed, docs/secrecy.md) as soon as it
/// may, with real <c>kiosk run</c> processes: a gateway with configured peers writes nothing before its start-up check
/// with them is over, and declares its box then — not only with its first secret vote. Once: a restart declares nothing
/// more.
/// </summary>
public sealed class BallotBoxDeclarationTests
{
    [Fact]
    public async Task A_gateway_with_peers_declares_its_ballot_box_once_its_start_up_check_is_over()
    {
        await using var lab = await MeshLab.CreateAsync(2);
        await lab.StartAsync((1, 0)); // g2 dials g1: g2 holds its feeds at start until g1 answers

        await Poll.UntilAsync(async () => await DeclarationsAsync(lab, holder: 0, gateway: 1) == 1, lab.Describe, MeshLab.Deadline);
        Assert.Equal(1, await DeclarationsAsync(lab, holder: 1, gateway: 1));
        Assert.Equal(1, await DeclarationsAsync(lab, holder: 0, gateway: 0));

        // Restarted, it finds its box declared: nothing more in its feed, at either gateway.
        await lab.KillAsync(1);
        await lab.StartAsync(1);
        await lab.ConvergedAsync(DateTimeOffset.UtcNow);
        Assert.Equal(1, await DeclarationsAsync(lab, holder: 1, gateway: 1));
        Assert.Equal(1, await DeclarationsAsync(lab, holder: 0, gateway: 1));
    }

    private static string KeyPath(MeshLab lab, int index) => Path.Combine(lab.Data(index), "keys", MeshLab.KeyName(index) + ".key");

    /// <summary>
    /// How many <c>BallotBoxKeyed</c> gateway <paramref name="gateway"/>'s feed holds in gateway <paramref name="holder"/>'s
    /// ledger; -1 until that ledger binds the box derived from the gateway's key to it.
    /// </summary>
    private static async Task<int> DeclarationsAsync(MeshLab lab, int holder, int gateway)
    {
        using var key = KeyFile.Read(KeyPath(lab, gateway));
        using var box = BallotBoxKey.Derive(key);
        await using var ledger = Kiosk.Ledger.Ledger.Open(Path.Combine(lab.Data(holder), "ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
        if (ledger.Authority.BallotBoxOf(key.PublicKey)?.Box != box.PublicKey) return -1;
        return ledger.ReadFeed(key.PublicKey).Count(e => e.Kind == EventKinds.BallotBoxKeyed);
    }
}
