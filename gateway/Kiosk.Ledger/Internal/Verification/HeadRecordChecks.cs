using Kiosk.Ledger.Storage;

namespace Kiosk.Ledger.Internal.Verification;

/// <summary>
/// Reads and checks the head records beside a database, then compares each with the feed the events hold: a record
/// naming a later seq than the feed ends at means the newest events are gone, even when <c>feeds</c> was fixed to match.
/// </summary>
internal static class HeadRecordChecks
{
    private const string Table = "head records";

    /// <summary>The records whose file is well formed and signed by the author it is named for, by author.</summary>
    public static Dictionary<Bytes32, HeadRecord> Read(string databasePath, List<VerifyProblem> problems, out int files)
    {
        var records = new Dictionary<Bytes32, HeadRecord>();
        var found = HeadRecordFiles.ReadAll(HeadRecordFiles.FolderFor(databasePath));
        files = found.Count;
        foreach (var (file, bytes) in found)
        {
            var name = Path.GetFileName(file);
            if (!HeadRecord.TryRead(bytes, out var record, out var problem))
                problems.Add(new VerifyProblem(VerifyCodes.BadHeadRecord, $"{name}: {problem}", HeadRecordFiles.AuthorNamed(file), Table: Table));
            else if (HeadRecordFiles.AuthorNamed(file) != record.Author)
                problems.Add(new VerifyProblem(VerifyCodes.BadHeadRecord, $"{name} holds the record of {record.Author.ShortHex}", record.Author, record.Seq, record.Id, Table: Table));
            else
                records[record.Author] = record;
        }
        return records;
    }

    /// <summary>Compares each record with the events' feed of its author.</summary>
    public static void Compare(IReadOnlyDictionary<Bytes32, HeadRecord> records, EventFindings events, AssemblyId? storedAssembly, List<VerifyProblem> problems)
    {
        var assembly = events.Assembly ?? storedAssembly;
        foreach (var record in records.Values.OrderBy(r => r.Author))
        {
            if (assembly != record.Assembly)
            {
                problems.Add(new VerifyProblem(VerifyCodes.ForeignHeadRecord,
                    $"the head record of {record.Author.ShortHex} belongs to assembly {record.Assembly}, this ledger is {(assembly?.ToString() ?? "empty")}: the database was replaced (delete the record only if that was meant)",
                    record.Author, record.Seq, record.Id, Table: Table));
                continue;
            }
            var head = events.Heads.GetValueOrDefault(record.Author, FeedHead.Empty);
            if (head.Seq < record.Seq)
                problems.Add(new VerifyProblem(VerifyCodes.FeedRolledBack, $"own feed rolled back: head record says #{record.Seq}, ledger ends at #{head.Seq}",
                    record.Author, record.Seq, record.Id, Table: Table));
            else if (!events.Ids.TryGetValue((record.Author, record.Seq), out var id))
                problems.Add(new VerifyProblem(VerifyCodes.FeedRolledBack, $"own feed lost events: head record says #{record.Seq}, the ledger does not hold #{record.Seq}",
                    record.Author, record.Seq, record.Id, Table: Table));
            else if (id != record.Id)
                problems.Add(new VerifyProblem(VerifyCodes.FeedRewritten, $"own feed rewritten: head record says #{record.Seq} is {record.Id.ShortHex}, the ledger's #{record.Seq} is {id.ShortHex}",
                    record.Author, record.Seq, record.Id, Table: Table));
        }
    }
}
