using System.Globalization;
using Kiosk.Ledger;
using Kiosk.Voting.Ballots;

// Usage: Kiosk.Voting.CrashVoter DATA_FOLDER FROM COUNT
// Opens the ledger and gateway key a test prepared in DATA_FOLDER, finishes what a killed predecessor left (as the
// gateway's host does on start), then casts COUNT secret votes with the codes of codes.txt from line FROM on, printing
// "receipt INDEX TRACKER" after each vote is durably recorded (the line is the receipt a resident would see), and then
// waits to be killed, so a fast machine never runs out of codes before the test kills it.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: Kiosk.Voting.CrashVoter DATA_FOLDER FROM COUNT");
    return 2;
}
var folder = args[0];
var from = int.Parse(args[1], CultureInfo.InvariantCulture);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var codes = File.ReadAllLines(Path.Combine(folder, "codes.txt"));
string[] choices = ["yes", "no", "abstain"];
using var gateway = KeyFile.Read(Path.Combine(folder, "gateway.key"));
await using var ledger = Ledger.Open(Path.Combine(folder, "ledger.db"), new LedgerOptions { Kinds = VotingKinds.CreateRegistry() });
var desk = new VotingDesk(ledger, gateway);
if (!await desk.PrepareBallotBoxAsync())
{
    await Console.Error.WriteLineAsync("the ballot box could not be prepared");
    return 1;
}
var output = Console.Out; // synchronized and auto-flushed: one whole line per receipt
for (var i = from; i < Math.Min(codes.Length, from + count); i++)
{
    var outcome = await desk.CastWithCodeAsync("lift", codes[i], [choices[i % choices.Length]]);
    if (!outcome.IsAccepted)
    {
        await Console.Error.WriteLineAsync($"vote {i} refused: {outcome.Refusal}");
        return 1;
    }
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"receipt {i} {outcome.Tracker}"));
}
await Task.Delay(Timeout.InfiniteTimeSpan); // the test kills it
return 0;
