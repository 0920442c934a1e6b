namespace Kiosk.Mesh.Tests.Support;

/// <summary>
/// Five running gateways (one <see cref="MeshLab"/>) with a <see cref="TcpRelay"/> on every pair's link (gi dials gj
/// through relay (i, j) for i &lt; j): a test makes the topology it needs (a line, a star, a full mesh, a partition) by
/// cutting and healing relays, without restarting anything. Ballots for each test are made on g1 before the start,
/// each with its own voter codes. Everything starts cut.
/// </summary>
public sealed class FiveGateways : IAsyncLifetime
{
    public const int Count = 5;

    public static readonly string[] BallotIds = ["line", "star", "mesh", "split"];

    private readonly Dictionary<(int, int), TcpRelay> _relays = [];

    public MeshLab Lab { get; private set; } = null!;

    public Dictionary<string, IReadOnlyList<string>> Codes { get; } = [];

    public async Task InitializeAsync()
    {
        Lab = await MeshLab.CreateAsync(Count);
        foreach (var id in BallotIds) Codes[id] = await Lab.BallotAsync(0, id, 8);
        for (var i = 0; i < Count; i++)
        {
            for (var j = i + 1; j < Count; j++)
            {
                var relay = new TcpRelay(Lab.Ports[j]);
                relay.Cut();
                _relays[(i, j)] = relay;
                await Lab.AddPeerAsync(i, j, relay.Port);
            }
        }
        await Lab.StartAsync();
    }

    /// <summary>Heals exactly the links in <paramref name="up"/> (pairs in either order) and cuts every other.</summary>
    public void Topology(IEnumerable<(int, int)> up)
    {
        var wanted = up.Select(l => (Math.Min(l.Item1, l.Item2), Math.Max(l.Item1, l.Item2))).ToHashSet();
        foreach (var (pair, relay) in _relays)
        {
            if (wanted.Contains(pair)) relay.Heal();
            else relay.Cut();
        }
    }

    public static IEnumerable<(int, int)> Line(params int[] gateways) => gateways.Zip(gateways.Skip(1));

    public static IEnumerable<(int, int)> Star(int centre) => Enumerable.Range(0, Count).Where(i => i != centre).Select(i => (i, centre));

    public static IEnumerable<(int, int)> FullMesh() => from i in Enumerable.Range(0, Count) from j in Enumerable.Range(0, Count) where i < j select (i, j);

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        foreach (var relay in _relays.Values) await relay.DisposeAsync();
    }
}
