using System.CommandLine;
using System.Diagnostics;
using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Hub;
using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using LedgerStore = Kiosk.Ledger.Ledger;

namespace Kiosk.Tools;

/// <summary>
/// <c>kiosk bench hub-store --postgres CONNSTR</c>: the same pre-signed events (one feed, as a returning gateway's week
/// would arrive) verified and stored by a ledger on a fresh SQLite file and by one on the hub's PostgreSQL store (a new
/// assembly in the given, migrated, database), in mesh-sized batches. Events per second of each; never asserted.
/// </summary>
public static class HubStoreBench
{
    public static Command Create()
    {
        var postgres = new Option<string>("--postgres") { Description = "A PostgreSQL database the bench may add an assembly to.", Required = true };
        var events = new Option<int>("--events") { Description = "Events received by each store.", DefaultValueFactory = _ => 50_000 };
        var batch = new Option<int>("--batch") { Description = "Events per ReceiveAsync call (a 256 KiB mesh batch holds about 1,500 small ones).", DefaultValueFactory = _ => 1_500 };
        var command = new Command("hub-store", "Received events verified and stored per second: SQLite file versus the hub's PostgreSQL store.") { postgres, events, batch };
        command.SetAction(async context =>
        {
            var count = context.Get(events);
            var size = context.Get(batch);
            if (count <= 0 || size <= 0) throw new UserErrorException("--events and --batch must be positive");
            var kinds = KindRegistry.CreateWithCoreKinds();
            kinds.Add(new KindRule(BenchCommand.BenchNoteBody.Kind, Role.Facilitator, IsAuthority: false, BodyJson.Checker<BenchCommand.BenchNoteBody>()));
            var options = new LedgerOptions { Kinds = kinds };
            var folder = Path.Combine(Path.GetTempPath(), "bench-hub-" + Guid.NewGuid().ToString("n")[..12]);
            Directory.CreateDirectory(folder);
            try
            {
                using var founder = AuthorKeyPair.Generate();
                byte[] genesis;
                AssemblyId assembly;
                await using (var source = LedgerStore.Open(Path.Combine(folder, "source.db"), options))
                {
                    var founded = (await source.FoundAsync(founder, "Bench assembly", ["en"])).Event!;
                    (genesis, assembly) = (founded.Raw, founded.Assembly);
                }
                var raws = new byte[count][];
                var prev = EventEncoding.TryDecode(genesis, out var g, out _) ? g.Id : default;
                var timeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                for (var i = 0; i < count; i++)
                {
                    var e = EventSigner.Sign(assembly, founder, i + 2, prev, timeMs + i, BenchCommand.BenchNoteBody.Kind,
                        BodyJson.Write(new BenchCommand.BenchNoteBody($"ballot 7 option {i % 5} at kiosk {i % 13}")));
                    raws[i] = e.Raw;
                    prev = e.Id;
                }

                await HubDatabase.MigrateAsync(context.Get(postgres)!, context.Cancellation);
                await using var hub = await HubDatabase.OpenAsync(context.Get(postgres)!, Path.Combine(folder, "heads"), context.Cancellation);
                var rows = new List<object>();
                foreach (var (name, open) in new (string, Func<LedgerStore>)[]
                {
                    ("sqlite", () => LedgerStore.Open(Path.Combine(folder, "sqlite.db"), options)),
                    ("postgresql", () => hub.OpenLedger(assembly, options)),
                })
                {
                    await using var ledger = open();
                    await ledger.ReceiveAsync(genesis, context.Cancellation);
                    var clock = Stopwatch.StartNew();
                    for (var start = 0; start < raws.Length; start += size)
                    {
                        var results = await ledger.ReceiveAsync(raws[start..Math.Min(raws.Length, start + size)], context.Cancellation);
                        if (results.FirstOrDefault(r => !r.IsAccepted) is { } refused) throw new InvalidOperationException($"{name}: an event was refused: {refused}");
                    }
                    clock.Stop();
                    rows.Add(new { store = name, events = count, batch = size, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2), eventsPerSecond = Math.Round(count / clock.Elapsed.TotalSeconds), stateHash = ledger.StateHash().ToHex() });
                }
                using var self = Process.GetCurrentProcess();
                await context.WriteJsonAsync(new { cores = Environment.ProcessorCount, rows, peakWorkingSetBytes = self.PeakWorkingSet64 });
                return 0;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command;
    }
}
