namespace Kiosk.Voting.Ballots;

/// <summary>
/// Turns a session's codes into <c>VoterCodesIssued</c> bodies of the per-ballot form: for each ballot, the sorted
/// commitments of every code, cut into pieces of at most <see cref="VoterCodesIssuedBody.MaxCodes"/> and packed into as
/// few events as fit. A piece of a sorted list of hashes is a range of random values, so how the lists are split into
/// events says nothing about which codes belong together.
/// </summary>
public static class CodeIssuance
{
    /// <summary>The bodies that issue <paramref name="normalizedCodes"/> for <paramref name="ballots"/> with <paramref name="weight"/>.</summary>
    public static IReadOnlyList<VoterCodesIssuedBody> Bodies(IReadOnlyList<string> ballots, IReadOnlyCollection<string> normalizedCodes, decimal weight = 1)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        ArgumentNullException.ThrowIfNull(normalizedCodes);
        var bodies = new List<VoterCodesIssuedBody>();
        var current = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var room = VoterCodesIssuedBody.MaxCodes;
        void Flush()
        {
            if (current.Count == 0) return;
            bodies.Add(new VoterCodesIssuedBody([.. current.Keys], Weight: weight, Commitments: current));
            current = new Dictionary<string, string[]>(StringComparer.Ordinal);
            room = VoterCodesIssuedBody.MaxCodes;
        }
        foreach (var ballot in ballots.Distinct(StringComparer.Ordinal))
        {
            var sorted = normalizedCodes.Select(c => VoterCode.Commitment(VoterCode.Credential(c, ballot))).Order(StringComparer.Ordinal).ToArray();
            var offset = 0;
            while (offset < sorted.Length)
            {
                if (room == 0) Flush();
                var take = Math.Min(room, sorted.Length - offset);
                current[ballot] = sorted[offset..(offset + take)];
                offset += take;
                room -= take;
                if (offset < sorted.Length) Flush(); // a ballot's list continues in the next event
            }
        }
        Flush();
        return bodies;
    }
}
