namespace Kiosk.Gateway.Tests;

/// <summary><c>kiosk facilitator add|list|remove</c>: who may configure the assembly, named by name, key file or key.</summary>
public sealed class FacilitatorCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Facilitators_are_listed_with_their_key_file_and_removed_by_name()
    {
        await _cli.Ok("init", "--name", "Elm Street");
        await _cli.Ok("facilitator", "add", "--name", "Ana");
        using var bo = Kiosk.Ledger.AuthorKeyPair.Generate(); // Bo made her key on her own machine
        await _cli.Ok("facilitator", "add", "--name", "Bo", "--key", bo.PublicKey.ToHex());

        var listed = VotingCli.Json(await _cli.Ok("facilitator", "list", "--json")).EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString(), f.GetProperty("founder").GetBoolean(), f.GetProperty("removed").GetBoolean(), f.TryGetProperty("keyFile", out var file) ? file.GetString() : null))
            .ToList();
        Assert.Equal([("founder", true, false, "founder"), ("Ana", false, false, "facilitator-ana"), ("Bo", false, false, null)], listed);
        Assert.Contains("facilitator-ana", (await _cli.Ok("facilitator", "list")).Output, StringComparison.Ordinal);

        var typo = await _cli.Kiosk("facilitator", "remove", "Anna");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("no facilitator 'Anna'; did you mean Ana?", typo.Error, StringComparison.Ordinal);
        Assert.Contains("the founder cannot be removed", (await _cli.Kiosk("facilitator", "remove", "founder")).Error, StringComparison.Ordinal);

        await _cli.Ok("facilitator", "remove", "Ana", "--reason", "moved away");
        await _cli.Ok("facilitator", "remove", bo.PublicKey.ToHex());
        var after = VotingCli.Json(await _cli.Ok("facilitator", "list", "--json")).EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("removed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["founder"] = false, ["Ana"] = true, ["Bo"] = true }, after);
        Assert.Contains("removed (events through #0 count)", (await _cli.Ok("facilitator", "list")).Output, StringComparison.Ordinal);
        Assert.Contains("facilitator 'Ana' was already removed", (await _cli.Kiosk("facilitator", "remove", "Ana")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_facilitator_signs_with_as_by_name_or_by_key_file_name()
    {
        await VotingCli.FoundAsync(_cli); // Ana, key file facilitator-ana
        var byName = VotingCli.Json(await _cli.Ok("ballot", "create", VotingCli.BallotFile(_cli, VotingCli.Plurality("p1"), "p1.yaml"), "--as", "Ana", "--json"));
        var byFile = VotingCli.Json(await _cli.Ok("ballot", "open", "p1", "--as", "facilitator-ana", "--json"));
        Assert.NotNull(byName.GetProperty("eventId").GetString());
        Assert.NotNull(byFile.GetProperty("eventId").GetString());
        var typo = await _cli.Kiosk("ballot", "close", "p1", "--as", "facilitator-anna");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("--as facilitator-anna: no key of that name", typo.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean facilitator-ana?", typo.Error, StringComparison.Ordinal);
    }
}
