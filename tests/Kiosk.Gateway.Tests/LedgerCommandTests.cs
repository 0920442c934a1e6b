using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kiosk.Gateway.Tests;


/// <summary>The ledger commands as a facilitator uses them: init, add, enrol, status, verify, export, import.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LedgerCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static JsonElement Json(CliRunner.Run run) => JsonDocument.Parse(run.Output).RootElement;

    [Fact]
    public async Task Init_founds_an_assembly_with_an_owner_only_founder_key()
    {
        var run = Json(await _cli.Ok("init", "--name", "Elm Street", "--json"));
        Assert.Equal(32, run.GetProperty("assembly").GetString()!.Length);
        var keyFile = run.GetProperty("founderKeyFile").GetString()!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        // The seed is in the key file and nowhere in what was printed.
        var seed = File.ReadAllText(keyFile).Trim()[^64..];
        Assert.DoesNotContain(seed, run.ToString(), StringComparison.Ordinal);

        var again = await _cli.Kiosk("init", "--name", "Elm Street");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a ledger", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facilitators_and_gateways_are_added_and_show_in_status()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        var ana = Json(await _cli.Ok("facilitator", "add", "--name", "Ana", "--json"));
        await _cli.Ok("gateway", "enrol", "--name", "library-hall", "--as", "facilitator-ana");
        var status = Json(await _cli.Ok("status", "--json"));
        var members = status.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("role").GetString())).ToList();
        Assert.Contains(("Ana", "facilitator"), members);
        Assert.Contains(("library-hall", "gateway"), members);
        Assert.Contains(("founder", "facilitator"), members);

        // A gateway's key cannot sign facilitator events: a clear refusal, nothing written.
        var refused = await _cli.Kiosk("facilitator", "add", "--name", "Mallory", "--as", "gateway-library-hall");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("NotAuthorised", refused.Error, StringComparison.Ordinal);
        Assert.Equal(status.GetProperty("stateHash").GetString(), Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString());

        await _cli.Ok("facilitator", "remove", ana.GetProperty("key").GetString()!);
        var after = Json(await _cli.Ok("status", "--json"));
        var removed = after.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Ana");
        Assert.Equal(1, removed.GetProperty("validThroughSeq").GetInt64());
    }

    [Fact]
    public async Task Verify_passes_a_clean_ledger_and_names_an_event_edited_in_place()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("facilitator", "add", "--name", "Ana");
        await _cli.Ok("gateway", "enrol", "--name", "hall");
        var clean = Json(await _cli.Ok("verify", "--json"));
        Assert.True(clean.GetProperty("valid").GetBoolean());

        // Edit the gateway's name inside the stored event bytes (same length), as someone with the SD card could.
        var db = Path.Combine(_cli.Data, "ledger.db");
        byte[] author;
        long seq;
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT author, seq, raw FROM events WHERE kind = 'GatewayEnrolled'";
            using var reader = select.ExecuteReader();
            Assert.True(reader.Read());
            author = (byte[])reader[0];
            seq = reader.GetInt64(1);
            var raw = (byte[])reader[2];
            reader.Close();
            var at = raw.AsSpan().IndexOf("\"hall\""u8);
            raw[at + 1] = (byte)'w';
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE events SET raw = $r WHERE author = $a AND seq = $s";
            update.Parameters.AddWithValue("$r", raw);
            update.Parameters.AddWithValue("$a", author);
            update.Parameters.AddWithValue("$s", seq);
            Assert.Equal(1, update.ExecuteNonQuery());
        }
        var tampered = await _cli.Kiosk("verify");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains($"{Convert.ToHexStringLower(author)[..12]}#{seq}", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("GatewayEnrolled", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED", tampered.Output, StringComparison.Ordinal);
        var json = Json(await _cli.Kiosk("verify", "--json"));
        var problem = json.GetProperty("problems").EnumerateArray().First();
        Assert.Equal(seq, problem.GetProperty("seq").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(author), problem.GetProperty("author").GetString());
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_folder_gives_the_same_state()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("facilitator", "add", "--name", "Ana");
        await _cli.Ok("gateway", "enrol", "--name", "hall", "--as", "facilitator-ana");
        var hash = Json(await _cli.Ok("status", "--json")).GetProperty("stateHash").GetString();
        var file = Path.Combine(_cli.Root, "ledger.jsonl");
        await _cli.Ok("export", "-o", file);

        using var other = new CliRunner();
        var imported = Json(await other.Ok("import", "-i", file, "--json"));
        Assert.Equal(3, imported.GetProperty("accepted").GetInt32());
        Assert.Equal(hash, Json(await other.Ok("status", "--json")).GetProperty("stateHash").GetString());
        Assert.True(Json(await other.Ok("verify", "--json")).GetProperty("valid").GetBoolean());

        // Importing the same file again changes nothing: every event is already held.
        var again = Json(await other.Ok("import", "-i", file, "--json"));
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(3, again.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Importing_an_altered_file_names_the_line_and_changes_nothing()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("facilitator", "add", "--name", "Ana");
        var file = Path.Combine(_cli.Root, "ledger.jsonl");
        await _cli.Ok("export", "-o", file);
        var lines = File.ReadAllLines(file);
        var line = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(lines[2])!;
        var raw = Convert.FromBase64String(line["raw"].GetString()!);
        raw[^1] ^= 0x40; // the signature's last byte
        lines[2] = lines[2].Replace(line["raw"].GetString()!, Convert.ToBase64String(raw), StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        using var other = new CliRunner();
        var run = await other.Kiosk("import", "-i", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ledger.jsonl:3", run.Error, StringComparison.Ordinal);
        Assert.Contains("altered", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(other.Data, "ledger.db")), "nothing was written");
    }

    [Fact]
    public async Task A_command_without_a_ledger_says_how_to_make_one()
    {
        var run = await _cli.Kiosk("status");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kiosk init", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_creates_a_verified_demo_assembly_and_reuses_it()
    {
        var first = await _cli.Ok("demo", "--no-serve");
        Assert.Contains("Created the demo assembly", first.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_cli.Data, "ledger.db"), first.Output, StringComparison.Ordinal);
        Assert.Contains("every signature, chain and authorisation checks out", first.Output, StringComparison.Ordinal);
        var second = Json(await _cli.Ok("demo", "--no-serve", "--json"));
        Assert.False(second.GetProperty("created").GetBoolean());
        Assert.True(second.GetProperty("valid").GetBoolean());
        Assert.Equal(3, second.GetProperty("devices").GetArrayLength());
    }
}
