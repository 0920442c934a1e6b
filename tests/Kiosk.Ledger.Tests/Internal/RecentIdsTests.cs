using Kiosk.Ledger.Internal;
using Kiosk.Ledger.Storage;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests.Internal;

/// <summary>
/// The ids of each feed's latest events are answered from memory (<see cref="RecentIds"/>), so a relayed duplicate of a
/// recent event costs no store read; anything older, or stored before the ledger opened, is read from the store.
/// </summary>
public sealed class RecentIdsTests
{
    private static readonly Bytes32 Ana = new(1, 0, 0, 0);
    private static readonly Bytes32 Ben = new(2, 0, 0, 0);

    private static Bytes32 Id(long seq) => new((ulong)seq, 7, 7, 7);

    [Fact]
    public void Keeps_the_last_window_of_ids_per_feed_and_forgets_older_ones()
    {
        var recent = new RecentIds();
        for (long seq = 1; seq <= 300; seq++) recent.Add(Ana, seq, Id(seq));
        recent.Add(Ben, 1, Id(1));

        Assert.Equal(Id(300), recent.IdAt(Ana, 300));
        Assert.Equal(Id(300 - RecentIds.Window + 1), recent.IdAt(Ana, 300 - RecentIds.Window + 1));
        Assert.Null(recent.IdAt(Ana, 300 - RecentIds.Window));
        Assert.Null(recent.IdAt(Ana, 301));
        Assert.Equal(Id(1), recent.IdAt(Ben, 1));
        Assert.Null(recent.IdAt(Ben, 2));
        Assert.Null(recent.IdAt(new Bytes32(3, 0, 0, 0), 1));
    }

    [Fact]
    public void A_feed_window_keeps_every_id_while_it_grows()
    {
        var recent = new RecentIds();
        for (long seq = 1; seq <= 40; seq++)
        {
            recent.Add(Ana, seq, Id(seq));
            for (var held = 1; held <= seq; held++) Assert.Equal(Id(held), recent.IdAt(Ana, held));
        }
    }

    [Fact]
    public void A_seq_out_of_order_starts_the_window_again()
    {
        var recent = new RecentIds();
        for (long seq = 1; seq <= 5; seq++) recent.Add(Ana, seq, Id(seq));
        recent.Add(Ana, 9, Id(9));

        Assert.Equal(Id(9), recent.IdAt(Ana, 9));
        Assert.Null(recent.IdAt(Ana, 5));
        Assert.Null(recent.IdAt(Ana, 8));
    }

    [Fact]
    public async Task Holds_and_IdAt_answer_recent_events_without_opening_the_store()
    {
        using var built = await AuthoredLedger.CreateAsync(notes: 3);
        var store = new CountingStore(new SqliteLedgerStore(built.Path));
        await using var ledger = Ledger.Open(store, TestKinds.Options());
        var gateway = built.Gateway;
        var appended = new List<LedgerEvent>();
        for (var i = 0; i < 10; i++)
            appended.Add((await ledger.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody($"later {i}"))).Event!);

        var before = store.Sessions;
        Assert.True(ledger.Holds(gateway.PublicKey, appended[2].Seq, appended[2].Id));
        Assert.False(ledger.Holds(gateway.PublicKey, appended[2].Seq, appended[3].Id));
        Assert.Equal(appended[5].Id, ledger.IdAt(gateway.PublicKey, appended[5].Seq));
        var results = await ledger.ReceiveAsync([appended[4].Raw, appended[7].Raw]);
        Assert.All(results, r => Assert.Equal(RejectReason.Duplicate, r.Rejection?.Reason));
        Assert.Equal(before, store.Sessions);

        // Stored before this ledger opened: not remembered, read from the store, and still right.
        var old = EventEncoding.IdOf(built.Raw[(gateway.PublicKey, 2)]);
        Assert.True(ledger.Holds(gateway.PublicKey, 2, old));
        Assert.False(ledger.Holds(gateway.PublicKey, 2, appended[0].Id));
        Assert.True(store.Sessions > before);
    }
}
