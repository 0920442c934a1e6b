using System.Globalization;
using Kiosk.Ledger.Storage;

namespace Kiosk.Ledger.Internal.Verification;

/// <summary>Checks the <c>meta</c> table: only the keys the ledger writes, the schema this program reads, the genesis's assembly.</summary>
internal static class MetaChecks
{
    private const string Table = "meta";

    public static void Run(IReadOnlyList<object?[]> stored, AssemblyId? genesisAssembly, List<VerifyProblem> problems)
    {
        string? schema = null, assembly = null;
        foreach (var row in stored)
        {
            if (RowValue.Join(RowValue.NotText("key", row[0]), RowValue.NotText("value", row[1])) is { } malformed)
            {
                problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"meta row (key {RowValue.Describe(row[0])}): {malformed}", Table: Table));
                continue;
            }
            var (key, value) = ((string)row[0]!, (string)row[1]!);
            switch (key)
            {
                case MetaTable.Schema: schema = value; break;
                case MetaTable.Assembly: assembly = value; break;
                default:
                    problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"meta key {RowValue.Describe(key)} is not one the ledger writes ({string.Join(", ", MetaTable.Keys)})", Table: Table));
                    break;
            }
        }
        var ours = SqliteLedgerStore.SchemaVersion.ToString(CultureInfo.InvariantCulture);
        if (schema != ours)
            problems.Add(new VerifyProblem(VerifyCodes.MetaMismatch, $"meta.schema is {(schema is null ? "missing" : RowValue.Describe(schema))}; this program reads schema {ours}", Table: Table));
        if (assembly is not null && !AssemblyId.TryParse(assembly, out _))
            problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"meta.assembly is {RowValue.Describe(assembly)}, not an assembly id", Table: Table));
        else if (genesisAssembly is { } founded && assembly != founded.ToString())
            problems.Add(new VerifyProblem(VerifyCodes.MetaMismatch, $"meta.assembly is {(assembly is null ? "missing" : assembly)}, the genesis founds {founded}: the gateway takes the assembly from meta", Table: Table));
    }
}
