using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Data;

/// <summary>
/// The ballots a ledger holds, as the command line reads them: the projection of its applied events, each ballot's
/// report, and clear errors for a ballot id that is not there.
/// </summary>
public sealed class AssemblyBallots
{
    private AssemblyBallots(AssemblyProjection projection, AuthorityTable authority)
    {
        Projection = projection;
        Authority = authority;
    }

    /// <summary>The facts the applied voting events establish.</summary>
    public AssemblyProjection Projection { get; }

    /// <summary>Who may write what, and who the gateways and devices are.</summary>
    public AuthorityTable Authority { get; }

    /// <summary>Reads the ledger's applied events now.</summary>
    public static AssemblyBallots Read(Kiosk.Ledger.Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var authority = ledger.Authority;
        return new AssemblyBallots(AssemblyProjection.Build(ledger.ReadApplied()), authority);
    }

    /// <summary>The published ballot <paramref name="id"/>, or a <see cref="UserErrorException"/> naming the closest id, or listing the ballots there are.</summary>
    public PublishedBallot Require(string id)
    {
        if (Projection.Ballots.TryGetValue(id, out var ballot)) return ballot;
        throw new UserErrorException($"there is no ballot '{id}'" + NameSuggestion.Hint(id, [.. Projection.Ballots.Keys], "ballots", "publish one with kiosk ballot create FILE"));
    }

    /// <summary>The report of ballot <paramref name="id"/> (which must exist).</summary>
    public BallotReport Report(string id)
    {
        Require(id);
        return BallotCounter.Report(Projection, Authority, id)!;
    }

    /// <summary>The name a member (gateway, facilitator) is enrolled under, else the key's short hex.</summary>
    public string NameOf(Bytes32 key) => Authority.Members.TryGetValue(key, out var member) ? member.Name : key.ShortHex + "…";

    /// <summary>A ballot's title in the assembly's first language.</summary>
    public string TitleOf(BallotDefinition ballot)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        return Translations.Pick(ballot.Title, Authority.Languages.Count > 0 ? Authority.Languages[0] : "en");
    }

    /// <summary>The status as printed: draft, open, provisional or final.</summary>
    public static string StatusName(BallotStatus status) => status switch
    {
        BallotStatus.Draft => "draft",
        BallotStatus.Open => "open",
        BallotStatus.Provisional => "provisional",
        _ => "final",
    };
}
