using System.Collections.Concurrent;
using System.Net;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Host;

/// <summary>
/// The gateway's own counters (votes decided here by outcome and reason, console login failures by reason) and the
/// Information log line of each refusal and failure. Other counters live where they happen (the ledger's commits and
/// commit timings, the device broker's, the mesh's) and are read when <c>/metrics</c> is served.
/// The log says why, never who with what: no code, passphrase, member or choice.
/// </summary>
public sealed class GatewayMetrics
{
    private readonly ConcurrentDictionary<(string Channel, string Outcome), long> _votes = new();
    private readonly ConcurrentDictionary<string, long> _loginFailures = new(StringComparer.Ordinal);
    private readonly ILogger _log;

    /// <summary>Counts the decisions of <paramref name="context"/>'s desk.</summary>
    public GatewayMetrics(GatewayContext context, ILogger<GatewayMetrics> log)
    {
        ArgumentNullException.ThrowIfNull(context);
        _log = log ?? throw new ArgumentNullException(nameof(log));
        context.Desk.Decided += (_, decision) => Count(decision);
    }

    /// <summary>Votes by (channel, outcome): outcome is <c>accepted</c> or the refusal's reason.</summary>
    public IReadOnlyDictionary<(string Channel, string Outcome), long> Votes => _votes;

    /// <summary>Failed console logins by reason.</summary>
    public IReadOnlyDictionary<string, long> LoginFailures => _loginFailures;

    private void Count(VoteDecision decision)
    {
        var channel = decision.Channel switch { VoteChannel.Code => "code", VoteChannel.Card => "card", _ => "device" };
        var outcome = decision.Refusal is { } refusal ? Label(refusal.Code) : "accepted";
        _votes.AddOrUpdate((channel, outcome), 1, (_, n) => n + 1);
        if (decision.Refusal is { } r)
        {
            // A mistyped code's message quotes part of what was typed: its reason is enough.
            if (r.Reason == VoteRefusalReason.CodeMistyped)
                _log.LogInformation("Vote refused ({Channel}) on ballot {Ballot}: {Reason}", channel, decision.BallotId, r.Code);
            else
                _log.LogInformation("Vote refused ({Channel}) on ballot {Ballot}: {Reason}: {Message}", channel, decision.BallotId, r.Code, r.Message);
        }
    }

    /// <summary>Counts and logs a failed console login from <paramref name="from"/> (for facilitator <paramref name="who"/> when one was chosen).</summary>
    public void LoginFailed(IPAddress? from, string? who, string reason)
    {
        _loginFailures.AddOrUpdate(reason, 1, (_, n) => n + 1);
        _log.LogInformation("Console login failed from {Address} for {Facilitator}: {Reason}", from?.ToString() ?? "unknown", who ?? "(no facilitator chosen)", reason);
    }

    /// <summary>A reason as a Prometheus label value: CodeAlreadyUsed becomes code_already_used.</summary>
    internal static string Label(string reason) =>
        string.Concat(reason.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
