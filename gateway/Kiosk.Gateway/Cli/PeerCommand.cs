using System.CommandLine;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Kiosk.Mesh.Peers;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk peer add|list|remove</c>: the gateways this one dials (kept in the data folder's <c>mesh/peers.json</c>).
/// <c>kiosk run</c> dials each and keeps redialling; <c>list</c> also shows what a running gateway last saw of them.
/// </summary>
public static class PeerCommand
{
    public static Command Create()
    {
        var addName = new Argument<string>("NAME") { Description = "A name for the peer, e.g. \"hall\"." };
        var url = new Option<string>("--url") { Description = "The peer gateway's peer port: mqtts://HOST:PORT.", Required = true };
        var add = new Command("add", "Add a gateway to dial (the running gateway dials it from its next start).") { addName, url };
        add.SetAction(async context =>
        {
            var book = Load(context.Data);
            if (book.Add(context.Parse.GetValue(addName)!, context.Get(url)!) is { } problem) throw new UserErrorException(problem);
            var entry = book.Peers[^1];
            if (context.Json) await context.WriteJsonAsync(new PeerAddOutput(entry.Name, entry.Url.ToString().TrimEnd('/'), book.Path));
            else await context.Output.WriteLineAsync($"Added peer {entry.Name} at {entry.Url.ToString().TrimEnd('/')} ({book.Path}); kiosk run dials it.");
            return 0;
        });

        var removeName = new Argument<string>("NAME") { Description = "The peer's name." };
        var remove = new Command("remove", "Stop dialling a gateway.") { removeName };
        remove.SetAction(async context =>
        {
            var book = Load(context.Data);
            if (book.Remove(context.Parse.GetValue(removeName)!) is { } problem) throw new UserErrorException(problem);
            if (context.Json) await context.WriteJsonAsync(new PeerRemoveOutput(context.Parse.GetValue(removeName)));
            else await context.Output.WriteLineAsync($"Removed peer {context.Parse.GetValue(removeName)}.");
            return 0;
        });

        var list = new Command("list", "List the peers, with what a running gateway last saw of them.");
        list.SetAction(async context =>
        {
            var book = Load(context.Data);
            var status = MeshStatusFile.Read(context.Data.MeshStatusPath);
            if (context.Json)
            {
                await context.WriteJsonAsync(new PeerListOutput(book.Peers.Select(p => new PeerLine(p.Name, p.Url.ToString().TrimEnd('/'))), status));
                return 0;
            }
            var table = new Table().AddColumns("peer", "address", "link", "last contact", "behind", "ahead", "refused", "problem");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var peer in book.Peers)
            {
                var s = status?.Peers.FirstOrDefault(x => x.Url == peer.Url.ToString().TrimEnd('/'));
                if (s is not null) seen.Add(s.Name);
                table.AddRow(Markup.Escape(peer.Name), Markup.Escape(peer.Url.ToString().TrimEnd('/')), Link(s), When(s?.LastContact), N(s?.EventsBehind), N(s?.EventsAhead), N(s?.Refusals), Markup.Escape(s?.LastProblem ?? ""));
            }
            foreach (var s in status?.Peers.Where(p => p.Url is null) ?? [])
                table.AddRow(Markup.Escape(s.Name), "(dials in)", Link(s), When(s.LastContact), N(s.EventsBehind), N(s.EventsAhead), N(s.Refusals), Markup.Escape(s.LastProblem ?? ""));
            var console = context.Console;
            if (book.Peers.Count == 0 && status is null) console.MarkupLine("No peers configured. Add one with [bold]kiosk peer add NAME --url mqtts://HOST:PORT[/].");
            else console.Write(table);
            if (status is not null)
                console.MarkupLine(MeshStatusView.Summary(status, DateTimeOffset.UtcNow));
            else if (book.Peers.Count > 0)
                console.MarkupLine("No running gateway has reported on this folder's mesh (start it with kiosk run).");
            return 0;
        });

        var command = new Command("peer", "The gateways this gateway replicates with (the mesh).");
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    private static PeerBook Load(DataFolder data) =>
        PeerBook.Load(data.PeersPath, out var problem) ?? throw new UserErrorException(problem!);

    private static string Link(MeshStatusFile.Peer? s) => MeshStatusView.Link(s);

    private static string When(DateTimeOffset? time) => MeshStatusView.When(time);

    private static string N(long? value) => MeshStatusView.N(value);

    /// <summary>The --json output of peer add.</summary>
    internal sealed record PeerAddOutput(string Name, string Url, string File);

    /// <summary>The --json output of peer remove.</summary>
    internal sealed record PeerRemoveOutput(string? Removed);

    /// <summary>The --json output of peer list.</summary>
    internal sealed record PeerListOutput(IEnumerable<PeerLine> Peers, MeshStatusFile? Status);

    /// <summary>One peer in the book.</summary>
    internal sealed record PeerLine(string Name, string Url);
}
