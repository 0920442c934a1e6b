using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Globalization;
using Kiosk.Voting.Ballots;
using Spectre.Console;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk notice post|list|remove</c>: notices for the board, in English and optionally Spanish. A notice is removed the
/// way the ledger already replaces one: a facilitator posts it again under the same id, expiring at the Unix epoch
/// (<see cref="Removed"/>), so every board — whatever its clock says, even one that booted without the time — stops
/// showing it, and no new event kind is needed.
/// </summary>
public static class NoticeCommand
{
    /// <summary>The expiry a removal writes: before any time a gateway's clock can show.</summary>
    public static readonly DateTimeOffset Removed = DateTimeOffset.UnixEpoch;

    /// <summary>Builds the <c>notice</c> command group.</summary>
    public static Command Create()
    {
        var id = new Option<string>("--id") { Description = "The notice's id (a-z, 0-9, '-'); posting the same id again replaces it.", Required = true };
        var title = new Option<string>("--title") { Description = "The title in English.", Required = true };
        var titleEs = new Option<string?>("--title-es") { Description = "The title in Spanish." };
        var text = new Option<string>("--text") { Description = "The text in English.", Required = true };
        var textEs = new Option<string?>("--text-es") { Description = "The text in Spanish." };
        var expires = new Option<string?>("--expires") { Description = "When the board stops showing it (ISO 8601, e.g. 2025-06-01T20:00:00Z)." };
        var signer = SignerOption.Create();
        var post = new Command("post", "Post a notice for the board (signed by a facilitator).") { id, title, titleEs, text, textEs, expires, signer };
        post.SetAction(async context =>
        {
            DateTimeOffset? expiry = context.Get(expires) is { } e
                ? DateTimeOffset.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : throw new UserErrorException($"--expires: '{e}' is not a date and time such as 2025-06-01T20:00:00Z")
                : null;
            var body = new NoticePostedBody(context.Get(id)!, Texts(context.Get(title)!, context.Get(titleEs)), Texts(context.Get(text)!, context.Get(textEs)), expiry);
            if (body.Check() is { } problem) throw new UserErrorException(problem);
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            if (AssemblyBallots.Read(ledger).Projection.Notices.TryGetValue(body.Id, out var replaced)) await WaitPastAsync(replaced, context.Cancellation);
            var written = await ledger.AppendOrFailAsync(author, VotingKinds.NoticePosted, body, context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new NoticePostOutput(body.Id, expiry, written.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Posted notice {body.Id}{(expiry is { } x ? $" (until {x.ToString("u", CultureInfo.InvariantCulture)})" : "")}; event {written.Id.ShortHex}");
            return 0;
        });
        var command = new Command("notice", "Post, list and remove the notices on the board.");
        command.Subcommands.Add(post);
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    /// <summary>A notice's state at <paramref name="now"/>: shown, expired (its expiry passed) or removed (it expires at <see cref="Removed"/>).</summary>
    public static string StatusOf(Notice notice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Body.Expires is { } expires && expires <= Removed) return "removed";
        return notice.IsCurrent(now) ? "shown" : "expired";
    }

    private static Command List()
    {
        var all = new Option<bool>("--all") { Description = "Also list expired and removed notices." };
        var command = new Command("list", "List the notices the board shows (with --all, also expired and removed ones).") { all };
        command.SetAction(async context =>
        {
            await using var ledger = context.Data.OpenLedger();
            var ballots = AssemblyBallots.Read(ledger);
            var now = TimeProvider.System.GetUtcNow();
            var language = ballots.Authority.Languages.Count > 0 ? ballots.Authority.Languages[0] : "en";
            var notices = ballots.Projection.Notices.Values.OrderByDescending(n => n.TimeMs).ThenBy(n => n.Body.Id, StringComparer.Ordinal)
                .Select(n => (Notice: n, Status: StatusOf(n, now)))
                .Where(n => context.Get(all) || n.Status == "shown").ToList();
            if (context.Json)
            {
                await context.WriteJsonAsync(notices.Select(n => new NoticeLine(n.Notice.Body.Id, n.Status, n.Notice.Body.Title, n.Notice.Body.Text,
                    n.Status == "removed" ? null : n.Notice.Body.Expires, DateTimeOffset.FromUnixTimeMilliseconds(n.Notice.TimeMs), n.Notice.EventId.ToHex())).ToList());
                return 0;
            }
            if (notices.Count == 0)
            {
                await context.Output.WriteLineAsync(context.Get(all) ? "No notices yet; post one with kiosk notice post --id ID --title T --text T" : "The board shows no notices (kiosk notice list --all shows expired and removed ones).");
                return 0;
            }
            var table = new Table().AddColumns("id", "title", "status", "posted", "expires");
            foreach (var (notice, status) in notices)
                table.AddRow(Markup.Escape(notice.Body.Id), Markup.Escape(Translations.Pick(notice.Body.Title, language)), status,
                    DateTimeOffset.FromUnixTimeMilliseconds(notice.TimeMs).ToString("u", CultureInfo.InvariantCulture),
                    status == "removed" ? "" : notice.Body.Expires?.ToString("u", CultureInfo.InvariantCulture) ?? "");
            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<string>("NOTICE") { Description = "The notice's id." };
        var signer = SignerOption.Create();
        var command = new Command("remove", "Take a notice off every board (signed by a facilitator); it stays in the ledger's history.") { id, signer };
        command.SetAction(async context =>
        {
            var noticeId = context.Get(id)!;
            await using var ledger = context.Data.OpenLedger();
            using var author = SignerOption.Read(context, signer, ledger);
            var notices = AssemblyBallots.Read(ledger).Projection.Notices;
            if (!notices.TryGetValue(noticeId, out var notice))
                throw new UserErrorException($"there is no notice '{noticeId}'" + NameSuggestion.Hint(noticeId, [.. notices.Keys], "notices", "post one with kiosk notice post"));
            switch (StatusOf(notice, TimeProvider.System.GetUtcNow()))
            {
                case "removed": throw new UserErrorException($"notice '{noticeId}' is already removed");
                case "expired": throw new UserErrorException($"notice '{noticeId}' expired at {notice.Body.Expires!.Value.ToString("u", CultureInfo.InvariantCulture)}; the board no longer shows it");
            }
            await WaitPastAsync(notice, context.Cancellation);
            var written = await ledger.AppendOrFailAsync(author, VotingKinds.NoticePosted, notice.Body with { Expires = Removed }, context.Cancellation);
            // The later post (by author time, then event id) replaces a notice: check this one did.
            if (AssemblyBallots.Read(ledger).Projection.Notices[noticeId].EventId != written.Id)
                throw new UserErrorException($"the removal of '{noticeId}' (event {written.Id.ShortHex}) is older by this machine's clock than the post it should replace; set this machine's clock and remove it again");
            if (context.Json) await context.WriteJsonAsync(new NoticeRemoveOutput(noticeId, true, written.Id.ToHex()));
            else await context.Output.WriteLineAsync($"Removed notice {noticeId} from the board; event {written.Id.ShortHex}");
            return 0;
        });
        return command;
    }

    /// <summary>Longest this machine's clock may be behind a notice's post time for a removal to wait it out.</summary>
    private static readonly TimeSpan MaxClockLag = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Waits until this machine's clock is past the post being replaced or removed, so the new post is the later one by
    /// author time on every replica — one right after the other (same millisecond) would otherwise lose half the time, on
    /// event id.
    /// </summary>
    private static async Task WaitPastAsync(Notice notice, CancellationToken cancellationToken)
    {
        var lag = DateTimeOffset.FromUnixTimeMilliseconds(notice.TimeMs + 1) - TimeProvider.System.GetUtcNow();
        if (lag <= TimeSpan.Zero) return;
        if (lag > MaxClockLag)
            throw new UserErrorException($"notice '{notice.Body.Id}' was posted at {DateTimeOffset.FromUnixTimeMilliseconds(notice.TimeMs).ToString("u", CultureInfo.InvariantCulture)}, later than this machine's clock says it is now; set the clock, then try again");
        await Task.Delay(lag, TimeProvider.System, cancellationToken);
    }

    private static Dictionary<string, string> Texts(string english, string? spanish)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal) { ["en"] = english };
        if (spanish is not null) texts["es"] = spanish;
        return texts;
    }

    /// <summary>The --json output of notice post.</summary>
    internal sealed record NoticePostOutput(string Notice, DateTimeOffset? Expires, string EventId);

    /// <summary>One line of notice list --json.</summary>
    internal sealed record NoticeLine(string Id, string Status, Dictionary<string, string> Title, Dictionary<string, string> Text, DateTimeOffset? Expires, DateTimeOffset Posted, string EventId);

    /// <summary>The --json output of notice remove.</summary>
    internal sealed record NoticeRemoveOutput(string Notice, bool Removed, string EventId);
}
