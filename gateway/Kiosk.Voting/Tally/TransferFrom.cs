namespace Kiosk.Voting.Tally;

/// <summary>Votes moved in one round out of one candidate (eliminated, or elected with a surplus).</summary>
/// <param name="From">The candidate the votes left.</param>
/// <param name="To">Where they went: candidate names, and <see cref="Exhausted"/> for votes that became inactive.</param>
public sealed record TransferFrom(string From, IReadOnlyList<NamedValue> To)
{
    /// <summary>The destination name of votes that found no continuing candidate.</summary>
    public const string Exhausted = "exhausted";
}
