using Kiosk.Gateway;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Cli;
using Kiosk.Voting.Ballots;

namespace Kiosk.Gateway.Tests;

/// <summary>The ballot file (docs/ballot-file.md): every example loads, and each mistake names its field.</summary>
public sealed class BallotFileTests
{
    public static TheoryData<string> Examples() => new(Directory.GetFiles(Repo.Path("docs/examples"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_a_valid_ballot(string file)
    {
        var ballot = BallotFile.Load(Repo.Path("docs/examples/" + file));
        Assert.Null(ballot.Check());
        Assert.True(ballot.TallyRulesFor(10).Ok);
    }

    [Fact]
    public void There_is_an_example_for_each_method_and_a_roll_call_one()
    {
        var ballots = Directory.GetFiles(Repo.Path("docs/examples"), "*.yaml").Select(BallotFile.Load).ToList();
        foreach (var method in Kiosk.Voting.Tally.TallyMethodNames.All)
            Assert.Contains(ballots, b => b.Method == method);
        Assert.Contains(ballots, b => b.Eligibility == BallotDefinition.ByRollCall);
    }

    [Fact]
    public void Yes_no_and_consent_ballots_get_their_fixed_options_in_english_and_spanish()
    {
        var yesNo = BallotFile.Parse("id: m1\ntitle: {en: Motion}\nmethod: yes-no\n", "m1.yaml", yaml: true);
        Assert.Equal(["yes", "no", "abstain"], yesNo.Options.Select(o => o.Id));
        Assert.Equal("Sí", yesNo.Options[0].Label["es"]);
        var consent = BallotFile.Parse("{\"id\": \"c1\", \"title\": {\"en\": \"Proposal\"}, \"method\": \"consent\"}", "c1.json", yaml: false);
        Assert.Equal(["consent", "stand-aside", "object"], consent.Options.Select(o => o.Id));
    }

    [Fact]
    public void Numbers_booleans_dates_and_rules_are_read_from_yaml()
    {
        var ballot = BallotFile.Parse("""
            id: b1
            title: {en: "2030"}
            method: stv-meek
            seats: 2
            secret: true
            closesAt: 2030-06-30T20:00:00Z
            rules: {precision: 6, tieBreak: candidate-order}
            options:
              - {id: a, label: {en: A}}
              - {id: b, label: {en: B}}
              - {id: c, label: {en: C}}
            """, "b1.yaml", yaml: true);
        Assert.Equal(2, ballot.Seats);
        Assert.Equal("2030", ballot.Title["en"]);
        Assert.Equal(new DateTimeOffset(2030, 6, 30, 20, 0, 0, TimeSpan.Zero), ballot.ClosesAt);
        Assert.Equal(6, ballot.TallyRulesFor(3).Value!.Precision);
    }

    [Theory]
    [InlineData("Оak", "Cyrillic О")]
    [InlineData("Οak", "Greek Ο")]
    [InlineData("Օak", "Armenian Օ")]
    [InlineData("Ｏａｋ", "fullwidth")]
    [InlineData("Oаk", "Cyrillic а")]
    public void Option_labels_that_look_alike_in_different_scripts_are_refused_naming_both(string lookAlike, string why)
    {
        var yaml = $"id: trees\ntitle: {{en: Which tree}}\nmethod: plurality\noptions:\n  - {{id: oak, label: {{en: Oak}}}}\n  - {{id: other, label: {{en: {lookAlike}}}}}\n";
        var e = Assert.Throws<UserErrorException>(() => BallotFile.Parse(yaml, "trees.yaml", yaml: true));
        Assert.True(e.Message.StartsWith("trees.yaml: options 'oak' and 'other' have labels that look the same", StringComparison.Ordinal), why + ": " + e.Message);
        Assert.Contains($"\"Oak\" and \"{lookAlike}\"", e.Message, StringComparison.Ordinal);

        // Labels that only share letters, or the same words in two languages, are fine.
        var fine = BallotFile.Parse("id: trees\ntitle: {en: Which tree}\nmethod: plurality\noptions:\n  - {id: oak, label: {en: Oak, es: Roble}}\n  - {id: elm, label: {en: Elm, es: Olmo}}\n  - {id: ash, label: {en: Оsh, es: Fresno}}\n", "fine.yaml", yaml: true);
        Assert.Equal(3, fine.Options.Length);
    }

    [Theory]
    [InlineData("id: b1\ntitle: {en: T}\nmethod: plurality\nseatz: 2\noptions: [{id: a, label: {en: A}}]\n", "b.yaml:4:1: seatz: 'seatz' is not a ballot field")]
    [InlineData("id: b1\ntitle: {en: T}\nmethod: plurality\nseats: many\noptions: [{id: a, label: {en: A}}]\n", "b.yaml:4:1: seats: this value has the wrong type (expected a number)")]
    [InlineData("id: b1\ntitle: {en: T}\nmethod: plurality\noptions:\n  - id: a\n    label: A\n", "b.yaml:6:5: options[0].label: this value has the wrong type (expected texts by language")]
    [InlineData("id: b1\ntitle: {en: T}\noptions: [{id: a, label: {en: A}}]\n", "b.yaml: missing required field(s) 'method'")]
    [InlineData("id: B 1\ntitle: {en: T}\nmethod: plurality\noptions: [{id: a, label: {en: A}}]\n", "b.yaml: id must be 1–48 characters")]
    [InlineData("id: b1\ntitle: {en: T}\nmethod: borda\noptions: [{id: a, label: {en: A}}]\n", "b.yaml: ")]
    [InlineData("id: b1\ntitle: {en: T}\nmethod: equal-shares\nbudget: 100\noptions: [{id: a, label: {en: A}}]\n", "b.yaml: every option of an equal-shares ballot needs a cost (missing: a)")]
    [InlineData("id: b1\ntitle: {en: T}\nmethod: yes-no\neligibility: roll-call\n", "b.yaml: a roll-call ballot names each voter, so it cannot be secret")]
    [InlineData("id: b1\ntitle: [unclosed\n", "b.yaml:")]
    public void A_mistake_is_one_line_naming_the_file_and_field(string yaml, string expected)
    {
        var e = Assert.Throws<UserErrorException>(() => BallotFile.Parse(yaml, "b.yaml", yaml: true));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Yaml_anchors_and_aliases_are_refused_before_they_expand()
    {
        // Nine levels of nine aliases: 9^9 strings once expanded (the "billion laughs" a 300-byte file can hide).
        var lines = new List<string> { "a0: &a0 [\"lol\"]" };
        for (var i = 1; i <= 9; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        var bomb = string.Join("\n", lines) + "\nid: b1\ntitle: {en: T}\nmethod: yes-no\n";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<UserErrorException>(() => BallotFile.Parse(bomb, "bomb.yaml", yaml: true));
        Assert.StartsWith("bomb.yaml:1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("anchors (&a0) are not allowed", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "refused before expanding");

        var alias = Assert.Throws<UserErrorException>(() => BallotFile.Parse("id: b1\ntitle: {en: T}\nmethod: *m\n", "b.yaml", yaml: true));
        Assert.Contains("aliases (*m) are not allowed", alias.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ballot_file_over_the_size_limit_is_refused_before_parsing()
    {
        var huge = "id: b1\ntitle: {en: T}\nmethod: yes-no\n# " + new string('x', BallotFile.MaxFileBytes) + "\n";
        Assert.Contains("the most a ballot file may be", Assert.Throws<UserErrorException>(() => BallotFile.Parse(huge, "b.yaml", yaml: true)).Message, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, huge);
            var e = Assert.Throws<UserErrorException>(() => BallotFile.Load(path));
            Assert.Contains($"a ballot file is at most {BallotFile.MaxFileBytes:N0} bytes", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_duplicate_json_key_is_a_clear_error()
    {
        var e = Assert.Throws<UserErrorException>(() => BallotFile.Parse(
            "{\"id\": \"b1\", \"title\": {\"en\": \"T\"}, \"method\": \"yes-no\", \"method\": \"approval\"}", "b.json", yaml: false));
        Assert.StartsWith("b.json: not valid JSON: Duplicate property 'method'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_file_of_another_kind_or_missing_is_refused()
    {
        Assert.Contains("no such ballot file", Assert.Throws<UserErrorException>(() => BallotFile.Load("/nonexistent/b.yaml")).Message, StringComparison.Ordinal);
        var txt = Path.GetTempFileName();
        try
        {
            Assert.Contains(".yaml, .yml or .json", Assert.Throws<UserErrorException>(() => BallotFile.Load(txt)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(txt);
        }
    }
}
