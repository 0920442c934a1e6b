using Kiosk.Gateway.Data;
using Kiosk.Gateway.Web;
using Kiosk.Gateway.Web.Console;
using Kiosk.Voting.Tally;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>Plain words on the board and in results: quorum in people, real plurals, labels not ids, readable charts.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ResultWordsTests(WebFixture fixture)
{
    private static readonly TextCatalog Catalog = TextCatalog.Load();

    [Theory]
    [InlineData("en", 1, "one")]
    [InlineData("en", 0, "other")]
    [InlineData("en", 2, "other")]
    [InlineData("es", 1, "one")]
    [InlineData("ar", 0, "zero")]
    [InlineData("ar", 2, "two")]
    [InlineData("ar", 105, "few")]
    [InlineData("ar", 11, "many")]
    [InlineData("ar", 100, "other")]
    public void Plural_categories_follow_the_language(string language, int count, string category) =>
        Assert.Equal(category, PageText.PluralCategory(language, count));

    [Fact]
    public void Counts_take_their_plural_form_and_the_language_separators()
    {
        Assert.Equal("1 vote so far", Catalog.For("en").Plural("VotesSoFar", 1));
        Assert.Equal("1,200 votes so far", Catalog.For("en").Plural("VotesSoFar", 1200));
        Assert.Equal("1 voto hasta ahora", Catalog.For("es").Plural("VotesSoFar", 1));
        Assert.Equal("1.200 votos hasta ahora", Catalog.For("es").Plural("VotesSoFar", 1200));
    }

    [Fact]
    public void A_quorum_not_reached_reads_as_the_people_still_needed()
    {
        var ballot = BallotFile.Parse(BallotTemplates.All["yes-no"], "yes-no.yaml", yaml: true);
        var result = new TallyResult
        {
            Method = TallyMethod.YesNo,
            Candidates = ["yes", "no", "abstain"],
            Winners = [],
            Rounds = [new TallyRound { Round = 1, Tally = [new("yes", 3), new("no", 1), new("abstain", 0)] }],
            TotalVotes = 4,
            Decision = new TallyDecision(false, "quorum not met: 4 took part, 30.0 needed (0.5 of 60 codes-issued)", QuorumMet: false, QuorumRequired: 30.0m, Participation: 4),
        };
        var en = Catalog.For("en");
        Assert.Equal("Not enough votes yet", ResultWords.Headline(result.Decision!, open: true, en));
        Assert.Equal(["Valid once 30 people have voted.", "4 people have voted."], ResultWords.Explanation(result, ballot, en));
        var passed = result with { Decision = new TallyDecision(true, "passed: …", QuorumMet: true, QuorumRequired: 30, Participation: 31) };
        Assert.Equal("Passed", ResultWords.Headline(passed.Decision!, open: false, en));
        Assert.Equal(["Yes 3 · No 1 · Abstained 0", "It needs at least two thirds of the yes and no votes to be yes."], ResultWords.Explanation(passed, ballot, en));
    }

    [Fact]
    public void Notes_name_options_by_their_labels()
    {
        var ballot = BallotFile.Parse(BallotTemplates.All["stv-scottish"], "stv-scottish.yaml", yaml: true);
        var note = ResultWords.Labelled("tie between amara, bruno: broken by the earlier round", ballot, "en");
        Assert.DoesNotContain("amara", note, StringComparison.Ordinal);
        Assert.Contains(BallotView.Label(ballot, "amara", "en"), note, StringComparison.Ordinal);
        Assert.Contains("broken by the earlier round", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_board_speaks_plainly_and_its_charts_read_from_across_the_room()
    {
        var desk = fixture.Host.Context.Desk;
        Assert.True((await desk.CastWithCodeAsync("garden-name", fixture.TakeCode(), ["willow", "oak"])).IsAccepted);
        await desk.FlushAsync("garden-name");
        var page = await fixture.NewPageAsync(1920, 1080);
        await page.GotoAsync($"{fixture.Resident}/board");
        await Expect(page.Locator("#board svg.chart").First).ToBeVisibleAsync();
        var board = await page.Locator("#board").InnerTextAsync();
        Assert.DoesNotContain("codes-issued", board, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", board, StringComparison.Ordinal);
        Assert.DoesNotContain("needed (", board, StringComparison.Ordinal);
        // A ballot with no votes names no winner.
        foreach (var section in await page.Locator("#board section.ballot").AllAsync())
        {
            var text = await section.InnerTextAsync();
            if (text.Contains("No votes counted yet", StringComparison.Ordinal)) Assert.DoesNotContain("Winner", text, StringComparison.Ordinal);
            Assert.True(text.Split("Not passed", StringSplitOptions.None).Length <= 2, $"'Not passed' twice in: {text}");
        }
        var heights = await page.Locator("#board svg.chart .label").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().height)");
        Assert.NotEmpty(heights);
        Assert.All(heights, h => Assert.True(h >= 22, $"a chart label is {h:0.#} px high"));
        await WebFixture.CloseAsync(page);
    }
}
