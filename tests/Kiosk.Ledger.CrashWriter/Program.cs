using Kiosk.Ledger;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.CrashWriter;

// Usage: Kiosk.Ledger.CrashWriter DATA_FOLDER [TASKS]
// Opens (or founds) the ledger in DATA_FOLDER and appends with TASKS concurrent tasks until killed, printing one
// AckLine per committed append. Restarted on the same folder, it continues the same feeds.
if (args.Length is < 1 or > 2)
{
    await Console.Error.WriteLineAsync("usage: Kiosk.Ledger.CrashWriter DATA_FOLDER [TASKS]");
    return 2;
}
var folder = args[0];
var tasks = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4;
Directory.CreateDirectory(folder);
var founder = LoadOrCreateKey(Path.Combine(folder, "founder.key"));
var facilitator = LoadOrCreateKey(Path.Combine(folder, "facilitator.key"));
var gateway = LoadOrCreateKey(Path.Combine(folder, "gateway.key"));
var output = Console.Out; // synchronized and auto-flushed: one whole line per ack

await using var ledger = Ledger.Open(Path.Combine(folder, "ledger.db"), new LedgerOptions { Kinds = CrashKinds.Create() });
if (ledger.Assembly is null) Ack(await ledger.FoundAsync(founder, "Crash test assembly", ["en"]));
if (ledger.Authority.RoleOf(facilitator.PublicKey) != Role.Facilitator)
    Ack(await ledger.AppendAsync(founder, EventKinds.FacilitatorAdded, BodyJson.Write(new FacilitatorAddedBody(facilitator.PublicKey.ToHex(), "second facilitator"))));
if (ledger.Authority.RoleOf(gateway.PublicKey) != Role.Gateway)
    Ack(await ledger.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "gateway"))));

AuthorKeyPair[] authors = [founder, facilitator, gateway];
var run = Guid.NewGuid().ToString("n")[..8];
await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
{
    var author = authors[t % authors.Length];
    for (var n = 0; ; n++)
    {
        // Mostly plain notes; now and then a facilitator enrols a device, so authority projections are written too.
        var result = n % 25 == 24 && author != gateway
            ? await ledger.AppendAsync(author, EventKinds.DeviceEnrolled, BodyJson.Write(new DeviceEnrolledBody($"b-{run}-{t}-{n}", gateway.PublicKey.ToHex(), $"Button {t}.{n}")))
            : await ledger.AppendAsync(author, CrashKinds.Note, System.Text.Encoding.UTF8.GetBytes($"{{\"text\":\"run {run} task {t} note {n}\"}}"));
        Ack(result);
    }
})));
return 0;

void Ack(AppendResult result)
{
    if (result.Event is not { } e) throw new InvalidOperationException($"an append was refused: {result.Rejection}");
    output.WriteLine(AckLine.Format(e));
}

static AuthorKeyPair LoadOrCreateKey(string path)
{
    if (File.Exists(path)) return KeyFile.Read(path);
    // Written aside and renamed, so a kill mid-write never leaves a half key file under the real name.
    var aside = path + ".new";
    File.Delete(aside);
    var key = AuthorKeyPair.Generate();
    KeyFile.Write(aside, key);
    File.Move(aside, path);
    return key;
}
