using System.CommandLine;
using System.Text;
using Kiosk.Gateway.Host;
using Kiosk.Ledger;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk status</c>: the assembly, its members and devices, feeds and the state hash; and the mesh as the running
/// gateway last reported it, and the console certificate's fingerprint (<c>mesh/status.json</c>): in step with N of M gateways, each gateway and each peer.
/// </summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var events = new Option<bool>("--events") { Description = "Also list every event." };
        var command = new Command("status", "Show the assembly, members, devices, feeds, state hash and mesh.") { events };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var authority = ledger.Authority;
            var vector = ledger.Vector;
            var stateHash = ledger.StateHash();
            var listed = context.Get(events) ? ledger.ReadAll().ToList() : [];
            var mesh = MeshStatusFile.Read(context.Data.MeshStatusPath);
            var fingerprint = ConsoleCertificate.FingerprintOf(context.Data.ConsoleCertificatePath);
            if (context.Json)
            {
                await context.WriteJsonAsync(new StatusOutput(ledger.Assembly?.ToString(), authority.AssemblyName, stateHash.ToHex(), fingerprint,
                    authority.Members.Values.OrderBy(m => m.Key).Select(m => new MemberLine(m.Key.ToHex(), m.Role.ToString().ToLowerInvariant(), m.Name, m.IsRemoved ? m.ValidThroughSeq : null)),
                    authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal).Select(d => new DeviceLine(d.Device, d.Gateway.ToHex(), d.Label, d.Member, d.Revoked)),
                    vector.Authors.Select(a => new FeedLine(a.ToHex(), vector[a])),
                    ledger.PendingCount,
                    ledger.Forks.Select(f => new FeedLine(f.Key.ToHex(), f.Value)),
                    listed.Select(e => new EventLine(e.Author.ToHex(), e.Seq, e.Id.ToHex(), e.Kind, e.AuthorTime, ledger.IsApplied(e), Encoding.UTF8.GetString(e.Body.Span))),
                    mesh));
                return 0;
            }
            var console = context.Console;
            console.MarkupLine($"[bold]{Markup.Escape(authority.AssemblyName ?? "(no genesis)")}[/]  assembly {ledger.Assembly}");
            console.MarkupLine($"state hash {stateHash.ToHex()}   {vector.TotalEvents} events, {ledger.PendingCount} pending, {ledger.Forks.Count} forked feeds");
            console.MarkupLine(fingerprint is null ? "console certificate: none yet (kiosk run makes it)" : $"console certificate SHA-256 {fingerprint}");
            var members = new Table().AddColumns("role", "name", "key", "events", "status");
            foreach (var m in authority.Members.Values.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal))
                members.AddRow(m.Role.ToString().ToLowerInvariant(), Markup.Escape(m.Name), m.Key.ShortHex + "…", vector[m.Key].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    m.IsRetired ? $"retired after #{m.ValidThroughSeq}" : m.IsRemoved ? $"removed after #{m.ValidThroughSeq}" : ledger.Forks.ContainsKey(m.Key) ? "[red]forked[/]" : "active");
            console.Write(members);
            if (authority.Devices.Count > 0)
            {
                var devices = new Table().AddColumns("device", "label", "gateway", "member", "status");
                foreach (var d in authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal))
                    devices.AddRow(Markup.Escape(d.Device), Markup.Escape(d.Label), d.Gateway.ShortHex + "…", Markup.Escape(d.Member ?? ""), d.Revoked ? "revoked" : "active");
                console.Write(devices);
            }
            if (listed.Count > 0)
            {
                var table = new Table().AddColumns("author#seq", "kind", "id", "time", "applied");
                foreach (var e in listed)
                    table.AddRow($"{e.Author.ShortHex}#{e.Seq}", e.Kind, e.Id.ShortHex, e.AuthorTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture), ledger.IsApplied(e) ? "yes" : "no");
                console.Write(table);
            }
            if (mesh is null)
            {
                console.MarkupLine("[bold]Mesh[/]: no running gateway has reported on this folder (kiosk run writes mesh/status.json every second).");
                return 0;
            }
            console.MarkupLine(MeshStatusView.Summary(mesh, DateTimeOffset.UtcNow));
            console.Write(MeshStatusView.Gateways(mesh));
            if (mesh.Peers.Count > 0) console.Write(MeshStatusView.Peers(mesh));
            return 0;
        });
        return command;
    }

    /// <summary>The --json output of status.</summary>
    internal sealed record StatusOutput(string? Assembly, string? Name, string StateHash, string? ConsoleCertificateSha256, IEnumerable<MemberLine> Members,
        IEnumerable<DeviceLine> Devices, IEnumerable<FeedLine> Feeds, long Pending, IEnumerable<FeedLine> Forks, IEnumerable<EventLine> Events, MeshStatusFile? Mesh);

    /// <summary>One member: key, role, name, and the last seq that counts once removed.</summary>
    internal sealed record MemberLine(string Key, string Role, string Name, long? ValidThroughSeq);

    /// <summary>One enrolled device.</summary>
    internal sealed record DeviceLine(string Device, string Gateway, string Label, string? Member, bool Revoked);

    /// <summary>One feed (or fork) and its seq.</summary>
    internal sealed record FeedLine(string Author, long Seq);

    /// <summary>One event, with its body as text.</summary>
    internal sealed record EventLine(string Author, long Seq, string Id, string Kind, DateTimeOffset Time, bool Applied, string Body);
}
