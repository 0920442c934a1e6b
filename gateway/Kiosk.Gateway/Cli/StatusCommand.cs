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
                await context.WriteJsonAsync(new
                {
                    assembly = ledger.Assembly?.ToString(),
                    name = authority.AssemblyName,
                    stateHash = stateHash.ToHex(),
                    consoleCertificateSha256 = fingerprint,
                    members = authority.Members.Values.OrderBy(m => m.Key).Select(m => new { key = m.Key.ToHex(), role = m.Role.ToString().ToLowerInvariant(), name = m.Name, validThroughSeq = m.IsRemoved ? m.ValidThroughSeq : (long?)null }),
                    devices = authority.Devices.Values.OrderBy(d => d.Device, StringComparer.Ordinal).Select(d => new { device = d.Device, gateway = d.Gateway.ToHex(), label = d.Label, member = d.Member, revoked = d.Revoked }),
                    feeds = vector.Authors.Select(a => new { author = a.ToHex(), seq = vector[a] }),
                    pending = ledger.PendingCount,
                    forks = ledger.Forks.Select(f => new { author = f.Key.ToHex(), seq = f.Value }),
                    events = listed.Select(e => new { author = e.Author.ToHex(), seq = e.Seq, id = e.Id.ToHex(), kind = e.Kind, time = e.AuthorTime, applied = ledger.IsApplied(e), body = Encoding.UTF8.GetString(e.Body.Span) }),
                    mesh,
                });
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
}
