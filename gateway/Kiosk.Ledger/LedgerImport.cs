namespace Kiosk.Ledger;

/// <summary>
/// Takes a file's events into a ledger whatever their order in the file, as <c>kiosk import</c> and the hub's import do.
/// A ledger takes an author's events in seq order only (a later one is refused as a <see cref="RejectReason.SeqGap"/>),
/// and a file edited, joined or sorted by hand need not be in that order: the events are put in each author's seq order
/// first, and what was refused for want of an earlier event is offered again while that brings anything in.
/// </summary>
public static class LedgerImport
{
    // Refusals that another event of the same file can lift; the others are about the event itself.
    private static readonly HashSet<RejectReason> OrderDependent = [RejectReason.SeqGap, RejectReason.WrongPrev, RejectReason.BadGenesis, RejectReason.NotAuthorised, RejectReason.PendingQuotaExceeded];

    /// <summary>Receives <paramref name="raws"/> (a file's event lines, in file order) into <paramref name="ledger"/>.</summary>
    public static async Task<ImportReport> ImportAsync(Ledger ledger, IReadOnlyList<byte[]> raws, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(raws);
        var refused = new Dictionary<int, Rejection>();
        var repeated = 0;
        var seen = new HashSet<Bytes32>();
        var unique = new List<(int Index, LedgerEvent Event)>();
        for (var i = 0; i < raws.Count; i++)
        {
            if (!EventEncoding.TryDecode(raws[i], out var e, out var framing)) refused[i] = framing!;
            else if (!seen.Add(e.Id)) repeated++;
            else unique.Add((i, e));
        }

        var order = InFeedOrder(unique);
        var heldBefore = new HashSet<int>();
        var last = new Dictionary<int, ReceiveResult>();
        var offer = order;
        var first = true;
        while (offer.Count > 0)
        {
            var results = await ledger.ReceiveAsync([.. offer.Select(x => x.Event.Raw)], cancellationToken).ConfigureAwait(false);
            var progress = false;
            var again = new List<(int Index, LedgerEvent Event)>();
            for (var k = 0; k < offer.Count; k++)
            {
                var (index, _) = offer[k];
                var result = results[k];
                last[index] = result;
                if (result.Status != ReceiveStatus.Rejected) progress = true;
                else if (result.Rejection!.Reason == RejectReason.Duplicate && first) heldBefore.Add(index);
                else if (OrderDependent.Contains(result.Rejection.Reason)) again.Add(offer[k]);
            }
            first = false;
            if (!progress) break;
            offer = again;
        }

        // Counted at the end: an event pending when it arrived is in by now if its author's enrolment came later in the file.
        int accepted = 0, duplicates = repeated + heldBefore.Count, pending = 0;
        foreach (var (index, e) in unique)
        {
            if (heldBefore.Contains(index)) continue;
            if (ledger.Holds(e.Author, e.Seq, e.Id)) accepted++;
            else if (last[index].Status == ReceiveStatus.Pending) pending++;
            else refused[index] = last[index].Rejection!;
        }
        return new ImportReport(accepted, duplicates, pending, [.. refused.OrderBy(r => r.Key).Select(r => (r.Key, r.Value))]);
    }

    /// <summary>
    /// The genesis first, then the file's order with each author's events in seq order: an author's k-th line in the file
    /// carries the author's k-th lowest seq. An export keeps its order; a shuffled file gets every feed in order back.
    /// </summary>
    private static List<(int Index, LedgerEvent Event)> InFeedOrder(List<(int Index, LedgerEvent Event)> events)
    {
        var byAuthor = events.GroupBy(x => x.Event.Author).ToDictionary(g => g.Key, g => new Queue<(int Index, LedgerEvent Event)>(g.OrderBy(x => x.Event.Seq)));
        var ordered = events.Select(x => byAuthor[x.Event.Author].Dequeue()).ToList();
        return [.. ordered.Where(x => x.Event.Kind == EventKinds.AssemblyFounded), .. ordered.Where(x => x.Event.Kind != EventKinds.AssemblyFounded)];
    }
}
