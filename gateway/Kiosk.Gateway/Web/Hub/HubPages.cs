using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kiosk.Hub;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Web.Hub;

/// <summary>
/// The hub's public pages, read-only and server-rendered like the board: <c>/</c> lists the assemblies the hub holds;
/// <c>/assemblies/ID</c> shows one assembly's published ballots with their status (open, provisional, final), turnout,
/// results with every round (only when the ballot shows them: live results, or once voting is over) and counted
/// receipt trackers. The reports are the board's own (<see cref="BallotReports"/> over the hub's copy of the ledger,
/// rendered by the board's components); no event, key, code or hidden result is ever on a page.
/// </summary>
public sealed class HubPages : IDisposable
{
    private readonly Func<IReadOnlyList<Kiosk.Ledger.Ledger>> _ledgers;
    private readonly string _folder;
    private readonly ConcurrentDictionary<AssemblyId, BallotReports> _reports = new();
    // The desks only read (reports); they never cast a vote, so their key is a throwaway one.
    private readonly AuthorKeyPair _reader = AuthorKeyPair.Generate();

    /// <summary>Pages of <paramref name="hub"/>; <paramref name="folder"/> is the hub's data folder.</summary>
    public HubPages(HubHost hub, string folder)
        : this(Ledgers(hub), folder)
    {
    }

    /// <summary>
    /// Pages of the ledgers <paramref name="ledgers"/> gives at each request (a hub's served assemblies; any ledgers,
    /// so the pages can be checked in a browser without a hub's database); <paramref name="folder"/> holds their
    /// read-only ballot boxes.
    /// </summary>
    public HubPages(Func<IReadOnlyList<Kiosk.Ledger.Ledger>> ledgers, string folder)
    {
        _ledgers = ledgers;
        _folder = folder;
    }

    private static Func<IReadOnlyList<Kiosk.Ledger.Ledger>> Ledgers(HubHost hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.Ledgers;
    }

    /// <summary>What the pages need: the texts and the Razor renderer.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = WebPages.RazorSurvivesTrimming)]
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(TextCatalog.Load());
        services.AddRazorComponents();
        services.AddHttpContextAccessor(); // the page shell, shared with the gateway, reads the request's live version
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
    }

    /// <summary>Maps the pages and their assets.</summary>
    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        AssetEndpoints.Map(app);
        app.MapGet("/", (HttpContext http, TextCatalog catalog) =>
            WebPages.Page<HubIndexPage>().Render(new { Text = catalog.For(http.Request.Query["lang"].FirstOrDefault()), Assemblies = Assemblies() }));
        app.MapGet("/assemblies/{id}", (string id, HttpContext http, TextCatalog catalog) =>
        {
            var text = catalog.For(http.Request.Query["lang"].FirstOrDefault());
            if (!AssemblyId.TryParse(id, out var assembly) || _ledgers().FirstOrDefault(l => l.Assembly == assembly) is not { } ledger)
                return WebPages.Page<HubIndexPage>().Render(new { Text = text, Assemblies = Assemblies() }, StatusCodes.Status404NotFound);
            var reports = ReportsOf(ledger).All().Where(r => r.Status != BallotStatus.Draft).ToList();
            return WebPages.Page<HubAssemblyPage>().Render(new { Text = text, Id = assembly.ToString(), Name = NameOf(ledger), Reports = reports, Authority = ledger.Authority });
        });
    }

    private List<(string Id, string Name)> Assemblies() =>
        [.. _ledgers().Select(l => (l.Assembly!.Value.ToString(), NameOf(l))).OrderBy(a => a.Item2, StringComparer.CurrentCulture)];

    private static string NameOf(Kiosk.Ledger.Ledger ledger) => ledger.Authority.AssemblyName is { Length: > 0 } name ? name : ledger.Assembly!.Value.ToString()[..12];

    private BallotReports ReportsOf(Kiosk.Ledger.Ledger ledger) =>
        _reports.GetOrAdd(ledger.Assembly!.Value, assembly => new BallotReports(ledger, new VotingDesk(ledger, _reader,
            new VotingDeskOptions { BallotBoxPath = Path.Combine(_folder, "pages", $"{assembly}.box.db") })));

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
