using Kiosk.Gateway.Data;
using System.CommandLine;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Cli;

/// <summary>
/// <c>kiosk vote</c>: casts a vote from the command line, as a gateway's kiosk would (for testing and accessibility).
/// It runs the gateway's <see cref="VotingDesk"/> with a gateway key from the data folder; a refused vote prints its
/// reason code and message on standard error with exit code 1.
/// </summary>
public static class VoteCommand
{
    /// <summary>Builds the <c>vote</c> command.</summary>
    public static Command Create()
    {
        var ballot = BallotArgument.One("The ballot to vote on.");
        var code = new Option<string?>("--code") { Description = "The voter code from the slip (XXXX-XXXX-XXXX)." };
        var device = new Option<string?>("--device") { Description = "Roll-call: the enrolled button voting (instead of --code)." };
        var choice = new Option<string>("--choice") { Description = "Option id; several, comma-separated, for approval and equal-shares, or in order of preference for ranked methods.", Required = true };
        var objection = new Option<string?>("--objection") { Description = "Consent ballots: the reason for an objection." };
        var gateway = GatewayOption.Create("The gateway that records the vote (its key must be in this data folder)");
        var command = new Command("vote", "Cast a vote with a voter code (or an enrolled button on roll-call ballots), as a kiosk would.") { ballot, code, device, choice, objection, gateway };
        command.SetAction(async context =>
        {
            var id = context.Get(ballot)!;
            var typed = context.Get(code);
            var button = context.Get(device);
            if ((typed is null) == (button is null)) throw new UserErrorException("give either --code (secret ballots) or --device (roll-call ballots)");
            var choices = context.Get(choice)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await using var ledger = context.Data.OpenLedger();
            using var key = context.Data.ReadKey(GatewayName.Resolve(context.Data, ledger.Authority, context.Get(gateway), needKey: true).KeyName!);
            var desk = new VotingDesk(ledger, key);
            var outcome = typed is not null
                ? await desk.CastWithCodeAsync(id, typed, choices, context.Get(objection), context.Cancellation)
                : await desk.CastWithDeviceAsync(id, button!, choices, context.Cancellation);
            if (context.Json)
            {
                await context.WriteJsonAsync(new VoteOutput(outcome.IsAccepted, outcome.Tracker, outcome.InBallotBox, outcome.EventId?.ToHex(), outcome.Refusal?.Code, outcome.Refusal?.Message));
            }
            else if (outcome.Refusal is { } refusal)
            {
                await context.Error.WriteLineAsync($"kiosk vote: refused ({refusal.Code}): {refusal.Message}");
            }
            else if (outcome.InBallotBox)
            {
                await context.Output.WriteLineAsync($"Vote recorded on {id} in this gateway's ballot box. Receipt tracker: {outcome.Tracker} (the board lists it under its batch once the batch is published).");
            }
            else
            {
                await context.Output.WriteLineAsync($"Vote recorded on {id}. Receipt tracker: {outcome.Tracker} (find it on the board's list of counted votes).");
            }
            return outcome.IsAccepted ? 0 : CliRun.CheckFailed;
        });
        return command;
    }

    /// <summary>The --json output of vote.</summary>
    internal sealed record VoteOutput(bool Accepted, string? Tracker, bool InBallotBox, string? EventId, string? Reason, string? Message);
}
