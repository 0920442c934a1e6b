namespace Kiosk.Gateway.Tests;

/// <summary>
/// A command line that does not parse: exit code 2, the problem and the usage of that one command on standard error,
/// and nothing at all on standard output — above all with <c>--json</c>, whose readers parse standard output.
/// </summary>
public sealed class ParseErrorTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("kiosk vote", "vote", "--json")]                                  // the ballot and --choice are missing
    [InlineData("kiosk vote", "vote", "p1", "--code", "X", "--choice")]           // --choice without its value
    [InlineData("kiosk ballot list", "ballot", "list", "--bogus", "--json")]      // an option it does not have
    [InlineData("kiosk ballot", "ballot", "--json")]                              // a group without its subcommand
    [InlineData("kiosk codes issue", "codes", "issue", "p1", "--count", "many")]  // a number that is not one
    [InlineData("kiosk device", "device", "enrol-all")]                          // a subcommand it does not have
    public async Task A_command_line_that_does_not_parse_exits_2_with_that_commands_usage_on_stderr_only(string path, params string[] args)
    {
        var run = await _cli.Kiosk(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith(path + ": ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage:\n  " + path, run.Error.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // The usage is that command's, not the whole program's: the root's list of commands is not there.
        Assert.DoesNotContain("Found a new assembly", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.Data), "nothing was written");
    }

    [Fact]
    public async Task A_mistyped_command_or_option_is_answered_with_the_closest_one()
    {
        var command = await _cli.Kiosk("ballto", "list");
        Assert.Equal(2, command.ExitCode);
        Assert.Contains("did you mean ballot instead of 'ballto'?", command.Error, StringComparison.Ordinal);
        var option = await _cli.Kiosk("ballot", "list", "--jsno");
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("did you mean --json instead of '--jsno'?", option.Error, StringComparison.Ordinal);
        Assert.Equal("", command.Output + option.Output);
    }

    [Fact]
    public async Task Help_that_is_asked_for_goes_to_standard_output_with_exit_0()
    {
        var run = await _cli.Kiosk("vote", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("kiosk vote <BALLOT> [options]", run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }
}
