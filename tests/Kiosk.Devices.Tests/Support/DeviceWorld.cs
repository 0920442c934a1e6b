using System.Text.Json;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;
using Kiosk.Voting.Ballots;

namespace Kiosk.Devices.Tests.Support;

/// <summary>
/// A gateway with its devices side running for real: a SQLite ledger (founder, facilitator, this gateway enrolled), a
/// device registry, and the MQTTnet broker on a free 127.0.0.1 port. Devices are enrolled with members; roll-call
/// ballots are published and opened by the facilitator.
/// </summary>
public sealed class DeviceWorld : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private DeviceWorld()
    {
        Ledger = Kiosk.Ledger.Ledger.Open(_folder.File("ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
    }

    public Kiosk.Ledger.Ledger Ledger { get; }
    public AuthorKeyPair Founder { get; } = AuthorKeyPair.Generate();
    public AuthorKeyPair Facilitator { get; } = AuthorKeyPair.Generate();
    public AuthorKeyPair GatewayKey { get; } = AuthorKeyPair.Generate();
    public DeviceGateway Gateway { get; private set; } = null!;
    public ListLogger Log { get; } = new();
    public string Assembly => Ledger.Assembly!.ToString()!;
    public DeviceTopics Topics => Gateway.Topics;
    public int Port => Gateway.Broker.Port;
    public string Folder => _folder.Path;

    public static async Task<DeviceWorld> CreateAsync(Kiosk.Devices.Guard.ConnectionLimits? limits = null, TimeProvider? time = null)
    {
        var world = new DeviceWorld();
        Assert.True((await world.Ledger.FoundAsync(world.Founder, "Mesh test assembly", ["en"])).IsCommitted);
        await world.Write(world.Founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(world.Facilitator.PublicKey.ToHex(), "Facilitator"));
        await world.Write(world.Founder, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(world.GatewayKey.PublicKey.ToHex(), "test-gateway"));
        world.Gateway = await DeviceGateway.StartAsync(new DeviceGatewayOptions
        {
            Ledger = world.Ledger,
            GatewayKey = world.GatewayKey,
            RegistryPath = world._folder.File("devices.db"),
            Broker = new DeviceBrokerOptions { Port = 0, Limits = limits ?? new(), Time = time ?? TimeProvider.System },
            LoggerFactory = world.Log,
        });
        return world;
    }

    public async Task<LedgerEvent> Write<T>(AuthorKeyPair author, string kind, T body) where T : ICheckedBody
    {
        var result = await Ledger.AppendAsync(author, kind, BodyJson.Write(body));
        Assert.True(result.IsCommitted, $"{kind} refused: {result.Rejection}");
        return result.Event!;
    }

    /// <summary>Enrols devices (concurrently: the ledger group-commits) and returns their configs.</summary>
    public async Task<DeviceConfig[]> EnrolAsync(IEnumerable<string> ids) =>
        await Task.WhenAll(ids.Select(async id =>
        {
            var (config, rejection) = await DeviceEnrolment.EnrolAsync(Ledger, Facilitator, GatewayKey.PublicKey, Gateway.Registry,
                id, $"Button {id}", $"Member {id}", "127.0.0.1", Port);
            Assert.True(config is not null, $"enrolment of {id} refused: {rejection}");
            return config!;
        }));

    public async Task<DeviceConfig> EnrolAsync(string id) => (await EnrolAsync([id]))[0];

    public async Task OpenRollCallAsync(string ballot, params string[] options)
    {
        var definition = new BallotDefinition
        {
            Id = ballot,
            Title = new() { ["en"] = $"Ballot {ballot}" },
            Method = options.Length == 0 ? "yes-no" : "plurality",
            Options = [.. (options.Length == 0 ? ["yes", "no", "abstain"] : options).Select(o => new BallotOption(o, new() { ["en"] = o }))],
            Eligibility = BallotDefinition.ByRollCall,
            Secret = false,
        };
        await Write(Facilitator, VotingKinds.BallotPublished, new BallotPublishedBody(definition));
        await Write(Facilitator, VotingKinds.BallotOpened, new BallotRefBody(ballot));
    }

    /// <summary>The VoteCast events this gateway wrote for <paramref name="device"/> in <paramref name="ballot"/>.</summary>
    public List<VoteCastBody> VotesOf(string ballot, string? device = null) =>
        [.. Ledger.ReadApplied(VotingKinds.VoteCast)
            .Select(e => JsonSerializer.Deserialize<VoteCastBody>(e.Body.Span, BodyJson.Options)!)
            .Where(v => v.Ballot == ballot && (device is null || v.Device == device))];

    public static Kiosk.Button.ButtonSettings Settings(DeviceConfig config) => Kiosk.Button.ButtonSettings.Parse(config.ToJson())!;

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Ledger.DisposeAsync();
        _folder.Dispose();
    }
}
