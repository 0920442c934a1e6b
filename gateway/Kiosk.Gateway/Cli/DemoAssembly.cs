using Kiosk.Gateway.Data;
using Kiosk.Gateway.Web.Console;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// The demo assembly <c>kiosk demo</c> makes (and the browser tests use): founder, facilitator Ana with a console
/// passphrase, two gateways (more for a mesh demo), three buttons, one open ballot per counting method (from
/// docs/examples; a mesh demo adds an open "show of hands" first), a notice in English and Spanish, and voter codes
/// valid for every demo ballot.
/// </summary>
public static class DemoAssembly
{
    /// <summary>The demo assembly's name.</summary>
    public const string Name = "Elm Street Neighbourhood Assembly (demo)";

    /// <summary>The demo facilitator's key name.</summary>
    public const string FacilitatorKey = "facilitator-ana";

    /// <summary>The demo facilitator's console passphrase (printed by <c>kiosk demo</c>; demo only).</summary>
    public const string FacilitatorPassphrase = "elm street demo";

    /// <summary>The key name of the gateway the demo serves as.</summary>
    public const string GatewayKey = "gateway-library-hall";

    /// <summary>The demo's gateways, in the order of a mesh demo's line (the first is the one a one-gateway demo serves as).</summary>
    public static readonly IReadOnlyList<string> GatewayNames = ["library-hall", "community-centre", "market-hall", "school", "clinic"];

    /// <summary>The id of the open ballot a mesh demo adds, so a vote is seen crossing the line at once.</summary>
    public const string ShowOfHands = "show-of-hands";

    /// <summary>The key name of the demo gateway called <paramref name="name"/>.</summary>
    public static string KeyOf(string name) => "gateway-" + name;

    /// <summary>
    /// The mesh demo's open ballot: not secret, so each vote enters the ledger at once (a secret ballot's votes wait in the
    /// ballot box of the gateway where they were cast for their batch) and every board counts it within seconds.
    /// </summary>
    private const string ShowOfHandsYaml = """
        id: show-of-hands
        title:
          en: "Show of hands: a bench by the courtyard door"
          es: "A mano alzada: un banco junto a la puerta del patio"
        description:
          en: "An open vote (not secret), to watch the mesh at work: each vote enters the ledger at once and reaches every gateway's board within seconds."
          es: "Una votación abierta (no secreta), para ver la red de pasarelas en marcha: cada voto entra en el registro al momento y llega al tablero de cada pasarela en segundos."
        method: yes-no
        secret: false
        liveResults: true
        """;

    /// <summary>Where the demo keeps its codes, so a second run can print them again (demo only: real codes exist only on the printed sheet).</summary>
    public static string CodesPath(DataFolder data) => Path.Combine(data?.Root.FullName ?? throw new ArgumentNullException(nameof(data)), "demo-codes.txt");

    /// <summary>
    /// Creates the demo in an empty data folder and returns its voter codes. <paramref name="gateways"/> gateways are
    /// enrolled (at least the two of the one-gateway demo); <paramref name="showOfHands"/> adds the mesh demo's open ballot.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(DataFolder data, int codeCount, CancellationToken cancellationToken, long argonMemoryKiB = PassphraseLock.DefaultMemoryKiB,
        int gateways = 2, bool showOfHands = false)
    {
        if (gateways < 1 || gateways > GatewayNames.Count) throw new ArgumentOutOfRangeException(nameof(gateways), gateways, $"the demo has 1 to {GatewayNames.Count} gateways");
        ArgumentNullException.ThrowIfNull(data);
        await InitCommand.FoundAsync(data, Name, ["en", "es"], cancellationToken);
        await using var ledger = data.OpenLedger();
        using var founder = data.ReadKey(DataFolder.FounderKeyName);
        using var ana = data.CreateKey(FacilitatorKey);
        await ledger.AppendOrFailAsync(founder, EventKinds.FacilitatorAdded, new FacilitatorAddedBody(ana.PublicKey.ToHex(), "Ana"), cancellationToken);
        using var hall = data.CreateKey(GatewayKey);
        await ledger.AppendOrFailAsync(ana, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(hall.PublicKey.ToHex(), GatewayNames[0]), cancellationToken);
        foreach (var name in GatewayNames.Skip(1).Take(Math.Max(gateways, 2) - 1))
        {
            using var other = data.CreateKey(KeyOf(name));
            await ledger.AppendOrFailAsync(ana, EventKinds.GatewayEnrolled, new GatewayEnrolledBody(other.PublicKey.ToHex(), name), cancellationToken);
        }
        string[] seats = ["Flat 1A", "Flat 1B", "Flat 2A"];
        for (var i = 0; i < seats.Length; i++)
            await ledger.AppendOrFailAsync(ana, EventKinds.DeviceEnrolled, new DeviceEnrolledBody($"button-{i + 1}", hall.PublicKey.ToHex(), $"Button {i + 1}", seats[i]), cancellationToken);

        // One ballot per method a kiosk votes on, with live results so the board has something to show.
        var ballots = new List<BallotDefinition>();
        if (showOfHands)
        {
            var open = BallotFile.Parse(ShowOfHandsYaml, ShowOfHands + ".yaml", yaml: true);
            await ledger.AppendOrFailAsync(ana, VotingKinds.BallotPublished, new BallotPublishedBody(open), cancellationToken);
            ballots.Add(open);
        }
        foreach (var (method, text) in BallotTemplates.All.Where(t => t.Key != "roll-call"))
        {
            var ballot = BallotFile.Parse(text, method + ".yaml", yaml: true) with { LiveResults = true, ClosesAt = null };
            await ledger.AppendOrFailAsync(ana, VotingKinds.BallotPublished, new BallotPublishedBody(ballot), cancellationToken);
            ballots.Add(ballot);
        }
        var codes = Enumerable.Range(0, codeCount).Select(_ => VoterCode.Generate()).ToList();
        foreach (var body in CodeIssuance.Bodies([.. ballots.Select(b => b.Id)], codes.Select(c => VoterCode.Normalize(c, out _)!).ToList()))
            await ledger.AppendOrFailAsync(ana, VotingKinds.VoterCodesIssued, body, cancellationToken);
        foreach (var ballot in ballots)
            await ledger.AppendOrFailAsync(ana, VotingKinds.BallotOpened, new BallotRefBody(ballot.Id), cancellationToken);
        await ledger.AppendOrFailAsync(ana, VotingKinds.NoticePosted, new NoticePostedBody("welcome",
            new() { ["en"] = "Assembly on Thursday at 19:00", ["es"] = "Asamblea el jueves a las 19:00" },
            new() { ["en"] = "In the library hall. Results of this week's ballots will be read out.", ["es"] = "En la sala de la biblioteca. Se leerán los resultados de las votaciones de esta semana." }), cancellationToken);
        PassphraseLock.Create("Ana", data.KeyPath(FacilitatorKey), FacilitatorPassphrase, argonMemoryKiB).Write(PassphraseLock.PathOf(data.KeysPath, FacilitatorKey));
        CodeSheet.WriteOwnerOnly(CodesPath(data), string.Join('\n', codes) + "\n");
        return codes;
    }
}
