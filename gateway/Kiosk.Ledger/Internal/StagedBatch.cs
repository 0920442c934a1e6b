namespace Kiosk.Ledger.Internal;

/// <summary>A staged batch handed to the committer; <see cref="Done"/> says whether its commit succeeded.</summary>
internal sealed class StagedBatch(CommitBatch commit, WriteRequest[] requests)
{
    public CommitBatch Commit { get; } = commit;
    public WriteRequest[] Requests { get; } = requests;
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The newest event each author wrote here through an append (not a receive), with the key that signed it.</summary>
    public List<(AuthorKeyPair Key, LedgerEvent Head)> OwnHeads()
    {
        var heads = new List<(AuthorKeyPair Key, LedgerEvent Head)>(1);
        foreach (var request in Requests)
        {
            if (request is not AppendRequest { Result.Event: { } e } append) continue;
            var at = heads.FindIndex(h => h.Head.Author == e.Author);
            if (at < 0) heads.Add((append.Author, e));
            else if (e.Seq > heads[at].Head.Seq) heads[at] = (append.Author, e);
        }
        return heads;
    }

    /// <summary>Completes every caller with its result.</summary>
    public void CompleteCallers()
    {
        foreach (var request in Requests)
        {
            switch (request)
            {
                case AppendRequest append: append.Completion.TrySetResult(append.Result!); break;
                case ReceiveRequest receive: receive.Completion.TrySetResult(receive.Results!); break;
            }
        }
    }

    /// <summary>Tells every caller the commit failed.</summary>
    public void FailCallers(Exception error)
    {
        foreach (var request in Requests) request.Fail(error);
    }
}
