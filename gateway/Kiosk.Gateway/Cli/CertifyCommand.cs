using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Globalization;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk ballot certify BALLOT</c>: makes a ballot's result final on every replica by naming the feeds it includes —
/// each enrolled gateway's CloseSeen seq for the ballot (or its current head where it has not written one), and each
/// gateway's ballot box through the seq that CloseSeen names (or its head).
/// A ballot is certified once: a second certification would silently change which votes a final (perhaps already
/// announced) result counts, because the later one supersedes the earlier on every replica. So it is refused, saying what
/// changed since; <c>--replace</c> writes it anyway when the feeds it names differ (votes from a gateway that was cut off
/// arrived after the first one), and nothing is written when they would not.
/// </summary>
public static class CertifyCommand
{
    /// <summary>Builds the <c>certify</c> subcommand of <c>ballot</c>.</summary>
    public static Command Create()
    {
        var ballot = BallotArgument.One("The ballot whose result to certify.");
        var replace = new Option<bool>("--replace") { Description = "Replace an earlier certification of this ballot (only when the feeds it names have changed since)." };
        var signer = SignerOption.Create();
        var command = new Command("certify", "Certify a ballot's result: the gateway feeds (and through which event) it includes (signed by a facilitator).") { ballot, replace, signer };
        command.SetAction(async context =>
        {
            var id = context.Get(ballot)!;
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var ballots = AssemblyBallots.Read(ledger);
            ballots.Require(id);
            if (!ballots.Projection.IsOpened(id)) throw new UserErrorException($"ballot '{id}' was never opened; there is no result to certify");
            var feeds = CertifiedFeed.For(ballots.Projection, ballots.Authority, id, key => ledger.HeadOf(key).Seq);
            if (ballots.Projection.CertificationOf(id) is { } earlier)
                RefuseOrAllowReplacing(ballots, id, earlier, feeds.ToDictionary(f => f.Key, f => f.ThroughSeq), context.Get(replace));
            var body = CertifiedFeed.Body(id, feeds);
            var e = await ledger.AppendOrFailAsync(author, VotingKinds.ResultCertified, body, context.Cancellation);
            if (context.Json)
            {
                await context.WriteJsonAsync(new CertifiedOutput(id, feeds.Select(f => new FeedOutput(ballots.NameOf(f.Gateway), f.IsBallotBox, f.Key.ToHex(), f.ThroughSeq, f.SawClose)), e.Id.ToHex(), ballots.Projection.CertificationOf(id)?.EventId.ToHex()));
                return 0;
            }
            context.Console.MarkupLine($"Certified the result of {Markup.Escape(id)} (event {e.Id.ShortHex}); it includes the votes in these feeds:");
            var table = new Table().AddColumns("gateway", "feed", "key", "through event #", "why");
            foreach (var f in feeds)
                table.AddRow(Markup.Escape(ballots.NameOf(f.Gateway)), f.IsBallotBox ? "ballot box" : "own", f.Key.ShortHex + "…", f.ThroughSeq.ToString(CultureInfo.InvariantCulture),
                    f.SawClose ? (f.IsBallotBox ? "its gateway's CloseSeen" : "its CloseSeen") : "its head (no CloseSeen yet)");
            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>Throws unless <paramref name="replace"/> was given and the feeds differ from the earlier certification's.</summary>
    private static void RefuseOrAllowReplacing(AssemblyBallots ballots, string id, Certification earlier, Dictionary<Bytes32, long> now, bool replace)
    {
        var changes = now.Keys.Union(earlier.Feeds.Keys).OrderBy(ballots.NameOf, StringComparer.Ordinal)
            .Where(k => now.GetValueOrDefault(k, -1) != earlier.Feeds.GetValueOrDefault(k, -1))
            .Select(k => $"{ballots.NameOf(k)} {Through(earlier.Feeds, k)} → {Through(now, k)}")
            .ToList();
        var when = DateTimeOffset.FromUnixTimeMilliseconds(earlier.TimeMs).ToString("u", CultureInfo.InvariantCulture);
        var already = $"ballot '{id}' was already certified by {ballots.NameOf(earlier.Author)} at {when} (event {earlier.EventId.ShortHex})";
        if (changes.Count == 0)
            throw new UserErrorException($"{already}, and its gateway feeds have not changed since; nothing to certify again");
        if (!replace)
            throw new UserErrorException($"{already}; since then: {string.Join(", ", changes)}. A new certification changes which votes the final result counts: "
                + $"to replace it, run kiosk ballot certify {id} --replace");
    }

    private static string Through(IReadOnlyDictionary<Bytes32, long> feeds, Bytes32 key) =>
        feeds.TryGetValue(key, out var seq) ? "#" + seq.ToString(CultureInfo.InvariantCulture) : "not included";

    /// <summary>The --json output of ballot certify.</summary>
    internal sealed record CertifiedOutput(string Ballot, IEnumerable<FeedOutput> Feeds, string EventId, string? Replaces);

    /// <summary>One feed a certification counts up to.</summary>
    internal sealed record FeedOutput(string Gateway, bool BallotBox, string Key, long ThroughSeq, bool CloseSeen);
}
