using Kiosk.Gateway.Data;
using System.CommandLine;
using System.Globalization;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary><c>kiosk notice post</c>: posts a notice for the board, in English and optionally Spanish.</summary>
public static class NoticeCommand
{
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
            using var author = context.Data.ReadKey(context.Get(signer)!);
            var written = await ledger.AppendOrFailAsync(author, VotingKinds.NoticePosted, body, context.Cancellation);
            if (context.Json) await context.WriteJsonAsync(new { notice = body.Id, expires = expiry, eventId = written.Id.ToHex() });
            else await context.Output.WriteLineAsync($"Posted notice {body.Id}{(expiry is { } x ? $" (until {x.ToString("u", CultureInfo.InvariantCulture)})" : "")}; event {written.Id.ShortHex}");
            return 0;
        });
        var command = new Command("notice", "Post notices for the board.");
        command.Subcommands.Add(post);
        return command;
    }

    private static Dictionary<string, string> Texts(string english, string? spanish)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal) { ["en"] = english };
        if (spanish is not null) texts["es"] = spanish;
        return texts;
    }
}
