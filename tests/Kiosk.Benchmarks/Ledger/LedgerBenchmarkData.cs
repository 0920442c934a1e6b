using Kiosk.Ledger;

namespace Kiosk.Benchmarks.Ledger;

/// <summary>Shared inputs of the ledger micro-benchmarks: a plain (non-authority) kind, as votes will be, and its body.</summary>
internal static class LedgerBenchmarkData
{
    public const string Note = "BenchNote";

    public static readonly byte[] NoteBody = "{\"text\":\"ballot 7 option 3 at kiosk 2\"}"u8.ToArray();

    public static LedgerOptions Options()
    {
        var kinds = KindRegistry.CreateWithCoreKinds();
        kinds.Add(new KindRule(Note, Role.Facilitator, IsAuthority: false, body => body.Length > 2 && body.Span[0] == (byte)'{' ? null : "a note is a JSON object"));
        return new LedgerOptions { Kinds = kinds };
    }
}
