namespace Kiosk.Ledger.Internal.Verification;

/// <summary>
/// Compares the projection tables with what the events define, row by row and column by column: <c>feeds</c> with
/// the events' heads, <c>members</c> and <c>devices</c> with the authority table the rule computes.
/// </summary>
internal static class ProjectionChecks
{
    private const string Rebuild = "run kiosk verify --rebuild";

    public static void Feeds(IReadOnlyList<object?[]> stored, IReadOnlyDictionary<Bytes32, FeedHead> heads, List<VerifyProblem> problems)
    {
        var seen = new HashSet<Bytes32>();
        foreach (var row in stored)
        {
            if (RowValue.Join(RowValue.NotKey("author", row[0]), RowValue.NotNumber("head_seq", row[1]), RowValue.NotKey("head_id", row[2])) is { } malformed)
            {
                problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"feeds row (author {RowValue.Describe(row[0])}): {malformed}", Table: "feeds"));
                continue;
            }
            var author = Bytes32.Read((byte[])row[0]!);
            var (seq, id) = ((long)row[1]!, Bytes32.Read((byte[])row[2]!));
            seen.Add(author);
            if (!heads.TryGetValue(author, out var head))
                problems.Add(Stale("feeds", $"feeds names a feed with no events (head #{seq}); {Rebuild}", author, seq));
            else if (seq != head.Seq)
                problems.Add(Stale("feeds", $"feeds.head_seq says #{seq}, the events end at #{head.Seq}; {Rebuild}", author, head.Seq));
            else if (id != head.Id)
                problems.Add(Stale("feeds", $"feeds.head_id says {id.ShortHex}, event #{head.Seq} is {head.Id.ShortHex}; {Rebuild}", author, head.Seq));
        }
        foreach (var (author, head) in heads.Where(h => !seen.Contains(h.Key)).OrderBy(h => h.Key))
            problems.Add(Stale("feeds", $"feeds has no row for this feed, whose events end at #{head.Seq}; {Rebuild}", author, head.Seq));
    }

    public static void Members(IReadOnlyList<object?[]> stored, AuthorityTable table, List<VerifyProblem> problems)
    {
        var seen = new HashSet<Bytes32>();
        foreach (var row in stored)
        {
            if (RowValue.Join(RowValue.NotKey("key", row[0]), RowValue.NotText("role", row[1]), RowValue.NotText("name", row[2]), RowValue.NotNumber("valid_through", row[3])) is { } malformed)
            {
                problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"members row (key {RowValue.Describe(row[0])}): {malformed}", Table: "members"));
                continue;
            }
            var key = Bytes32.Read((byte[])row[0]!);
            var (role, name, validThrough) = ((string)row[1]!, (string)row[2]!, (long)row[3]!);
            seen.Add(key);
            if (!table.Members.TryGetValue(key, out var member))
            {
                problems.Add(Stale("members", $"members lists {key.ShortHex} ({role} '{name}'), whom the events do not enrol; {Rebuild}"));
                continue;
            }
            var differences = new List<string>();
            if (role != member.Role.ToString()) differences.Add($"role is '{role}', the events make it '{member.Role}'");
            if (name != member.Name) differences.Add($"name is '{name}', the events say '{member.Name}'");
            if (validThrough != member.ValidThroughSeq) differences.Add($"valid_through is {validThrough}, the events give {member.ValidThroughSeq}");
            if (differences.Count > 0) problems.Add(Stale("members", $"member {key.ShortHex}: {string.Join("; ", differences)}; {Rebuild}"));
        }
        foreach (var member in table.Members.Values.Where(m => !seen.Contains(m.Key)).OrderBy(m => m.Key))
            problems.Add(Stale("members", $"members has no row for {member.Key.ShortHex} ({member.Role} '{member.Name}'), whom the events enrol; {Rebuild}"));
    }

    public static void Devices(IReadOnlyList<object?[]> stored, AuthorityTable table, List<VerifyProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in stored)
        {
            var memberProblem = row[3] is null or string ? null : $"member is {RowValue.Describe(row[3])}, not text or NULL";
            if (RowValue.Join(RowValue.NotText("device", row[0]), RowValue.NotKey("gateway", row[1]), RowValue.NotText("label", row[2]), memberProblem, RowValue.NotNumber("revoked", row[4])) is { } malformed)
            {
                problems.Add(new VerifyProblem(VerifyCodes.MalformedRow, $"devices row (device {RowValue.Describe(row[0])}): {malformed}", Table: "devices"));
                continue;
            }
            var device = (string)row[0]!;
            var (gateway, label, member, revoked) = (Bytes32.Read((byte[])row[1]!), (string)row[2]!, (string?)row[3], (long)row[4]!);
            seen.Add(device);
            if (!table.Devices.TryGetValue(device, out var enrolled))
            {
                problems.Add(Stale("devices", $"devices lists '{device}', which the events do not enrol; {Rebuild}"));
                continue;
            }
            var differences = new List<string>();
            if (gateway != enrolled.Gateway) differences.Add($"gateway is {gateway.ShortHex}, the events say {enrolled.Gateway.ShortHex}");
            if (label != enrolled.Label) differences.Add($"label is '{label}', the events say '{enrolled.Label}'");
            if (member != enrolled.Member) differences.Add($"member is {(member is null ? "NULL" : $"'{member}'")}, the events say {(enrolled.Member is null ? "none" : $"'{enrolled.Member}'")}");
            if (revoked != (enrolled.Revoked ? 1 : 0)) differences.Add($"revoked is {revoked}, the events make it {(enrolled.Revoked ? 1 : 0)}");
            if (differences.Count > 0) problems.Add(Stale("devices", $"device '{device}': {string.Join("; ", differences)}; {Rebuild}"));
        }
        foreach (var device in table.Devices.Values.Where(d => !seen.Contains(d.Device)).OrderBy(d => d.Device, StringComparer.Ordinal))
            problems.Add(Stale("devices", $"devices has no row for '{device.Device}', which the events enrol; {Rebuild}"));
    }

    private static VerifyProblem Stale(string table, string message, Bytes32? author = null, long? seq = null) =>
        new(VerifyCodes.StaleProjection, message, author, seq, Table: table);
}
