using Kiosk.Gateway.Host;
using Kiosk.Voting.Ballots;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>A resident at the kiosk: every method, receipts on the board, mistyped and used codes, idle reset, language, live updates.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ResidentVotingTests(WebFixture fixture)
{
    public static TheoryData<string, string[]> Methods => new()
    {
        { "motion-quiet-hours", ["pick:yes"] },
        { "meeting-day", ["pick:thursday"] },
        { "summer-activities", ["toggle:film-nights", "toggle:street-dinner", "review"] },
        { "garden-name", ["tap:willow", "tap:oak", "review"] },
        { "playground-design", ["tap:sand", "tap:water", "tap:nature", "review"] },
        { "committee-2030", ["tap:chen", "tap:amara", "review"] },
        { "federation-delegates", ["tap:hana", "review"] },
        { "budget-2030", ["toggle:trees", "toggle:mural", "review"] },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task A_resident_votes_gets_a_receipt_and_finds_it_on_the_board(string ballot, string[] steps)
    {
        var page = await fixture.NewPageAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync(ballot);
        foreach (var step in steps) await page.DoAsync(step);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your vote");
        var tracker = await page.ConfirmAsync();
        // A secret vote's receipt says what it proves; the board lists it under its batch once the batch is published
        // (here at once, as the batch timer or the close would).
        await Expect(page.Locator("#receipt-help")).ToContainTextAsync("It proves your vote was recorded, never how you voted.");
        await fixture.Host.Context.Desk.FlushAsync(ballot);

        await page.GotoAsync($"{fixture.Resident}/board");
        await Expect(page.Locator($"#ballot-{ballot} .batches")).ToContainTextAsync(tracker);
        await Expect(page.Locator($"#ballot-{ballot} .batches")).ToContainTextAsync("of library-hall");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_ranking_is_made_by_tapping_in_order_and_can_be_undone()
    {
        var page = await fixture.NewPageAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("garden-name");
        await page.DoAsync("tap:maple");
        await page.DoAsync("tap:oak");
        await page.DoAsync("undo");
        await page.DoAsync("tap:willow");
        await Expect(page.Locator("ol.ranking li")).ToHaveTextAsync(["Maple Patch", "Willow Corner"]);
        await page.DoAsync("review");
        await Expect(page.Locator("#summary li")).ToHaveTextAsync(["Maple Patch", "Willow Corner"]);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_budget_keeps_a_running_total_and_refuses_to_go_over()
    {
        var page = await fixture.NewPageAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("budget-2030");
        await page.DoAsync("toggle:trees");
        await Expect(page.Locator(".total")).ToContainTextAsync("Chosen: €6,000 of €10,000 (left: €4,000)");
        await page.DoAsync("toggle:benches");
        await page.DoAsync("toggle:mural");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("only €1,000 is left");
        await Expect(page.Locator("button[value='toggle:mural']")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator(".total")).ToContainTextAsync("Chosen: €9,000 of €10,000 (left: €1,000)");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_consent_objection_carries_its_reason_to_the_board()
    {
        var page = await fixture.NewPageAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("consent-tool-library");
        await page.DoAsync("pick:object");
        await page.Locator("#obj").FillAsync("The shed floods every winter");
        await page.DoAsync("review");
        await Expect(page.Locator("#summary")).ToContainTextAsync("The shed floods every winter");
        await page.ConfirmAsync();
        await fixture.Host.Context.Desk.FlushAsync("consent-tool-library");
        await page.GotoAsync($"{fixture.Resident}/board");
        await Expect(page.Locator("#ballot-consent-tool-library")).ToContainTextAsync("The shed floods every winter");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_text_size_changes_without_losing_the_choice_being_made()
    {
        var page = await fixture.NewPageAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("summer-activities");
        await page.DoAsync("toggle:swap-market");
        await page.GetByRole(AriaRole.Button, new() { Name = "Very large text" }).ClickAsync();
        await Expect(page.Locator("body")).ToHaveClassAsync("kiosk size-xl");
        await Expect(page.Locator("button[value='toggle:swap-market']")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.DoAsync("review");
        await Expect(page.Locator("body")).ToHaveClassAsync("kiosk size-xl");
        await Expect(page.Locator("#summary")).ToContainTextAsync("Swap market");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_mistyped_code_is_caught_by_its_check_character_and_said_plainly()
    {
        var page = await fixture.NewPageAsync();
        var code = fixture.TakeCode();
        var last = code[^1];
        var wrong = code[..^1] + VoterCode.Alphabet[(VoterCode.Alphabet.IndexOf(last, StringComparison.Ordinal) + 1) % 32];
        await page.EnterCodeAsync(fixture, wrong);
        await Expect(page.Locator("[role=alert]")).ToHaveTextAsync("This code has a typing mistake: its last character does not match. Check each character on your slip.");
        await Expect(page.Locator("#code")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#code")).ToHaveValueAsync(wrong);

        await page.EnterCodeAsync(fixture, code[..9]);
        await Expect(page.Locator("[role=alert]")).ToHaveTextAsync("A voter code has 12 characters; you typed 8.");

        await page.EnterCodeAsync(fixture, VoterCode.Generate());
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("This code was not issued by the assembly");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_keypad_types_the_code_without_a_keyboard()
    {
        var page = await fixture.NewPageAsync();
        var code = fixture.TakeCode();
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=en");
        foreach (var symbol in code.Replace("-", "", StringComparison.Ordinal)) await page.Locator($".keypad button[data-key='{symbol}']").ClickAsync();
        await page.Locator(".keypad button[data-key='del']").ClickAsync();
        await page.Locator($".keypad button[data-key='{code[^1]}']").ClickAsync();
        await Expect(page.Locator("#code")).ToHaveValueAsync(code);
        await page.Locator("button.primary[value=check]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_used_code_is_refused_where_the_first_vote_counts()
    {
        var page = await fixture.NewPageAsync();
        var code = fixture.TakeCode();
        await page.EnterCodeAsync(fixture, code);
        await page.ChooseBallotAsync("meeting-day");
        await page.DoAsync("pick:tuesday");
        await page.ConfirmAsync();
        var visit = page.Url;

        await page.EnterCodeAsync(fixture, code);
        var used = page.Locator("button[value='ballot:meeting-day']");
        await Expect(used).ToBeDisabledAsync();
        await Expect(used).ToContainTextAsync("You have already voted on this one.");

        // The confirmation posted again to the visit's page (a double tap, a replayed request) casts nothing: the visit
        // is on its receipt and has forgotten the code.
        var replay = await page.APIRequest.PostAsync(visit, new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("screen", "review").Set("do", "confirm"),
            MaxRedirects = 0,
        });
        Assert.Equal(303, replay.Status);
        await fixture.Host.Context.Desk.FlushAsync("meeting-day");
        var credential = VoterCredential.Code(VoterCode.Credential(VoterCode.Normalize(code, out _)!, "meeting-day"));
        var votes = fixture.Host.Context.Desk.Read((p, _) => p.VotesBy("meeting-day", credential));
        Assert.Equal(["tuesday"], Assert.Single(votes).Body.Choice); // the replay wrote nothing
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_language_is_chosen_per_visit_and_every_screen_follows_it()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Español Empezar en español" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Escriba su código de votación");
        await page.Locator("#code").FillAsync(fixture.TakeCode());
        await page.Locator("button.primary[value=check]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("¿En qué votación quiere votar?");
        await Expect(page.Locator("button[value='ballot:garden-name']")).ToContainTextAsync("Nombre del huerto comunitario");
        await page.ChooseBallotAsync("motion-quiet-hours");
        await Expect(page.Locator("button[value='pick:yes']")).ToHaveTextAsync("Sí");
        Assert.Empty(await page.Context.CookiesAsync()); // the language is not remembered beyond the visit
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_live_update_refreshes_turnout_and_never_touches_a_half_made_choice()
    {
        var welcome = await fixture.NewPageAsync();
        await welcome.GotoAsync($"{fixture.Resident}/kiosk");
        await welcome.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");
        var voting = await fixture.NewPageAsync();
        await voting.EnterCodeAsync(fixture, fixture.TakeCode());
        await voting.ChooseBallotAsync("summer-activities");
        await voting.DoAsync("toggle:kids-workshop");
        await voting.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");

        var before = fixture.Host.Context.Desk.Report("motion-quiet-hours")!.Counted.Count;
        var outcome = await fixture.Host.Context.Desk.CastWithCodeAsync("motion-quiet-hours", fixture.TakeCode(), ["no"]);
        Assert.True(outcome.IsAccepted && outcome.InBallotBox);
        // Turnout moves when the vote's batch is published (here at once, as the batch timer or the close would), never per vote.
        await fixture.Host.Context.Desk.FlushAsync("motion-quiet-hours");
        await Expect(welcome.Locator("[data-turnout='motion-quiet-hours']")).ToHaveTextAsync(before + 1 == 1 ? "1 vote so far" : $"{before + 1} votes so far");
        await Expect(voting.Locator("button[value='toggle:kids-workshop']")).ToHaveAttributeAsync("aria-pressed", "true");
        await voting.DoAsync("review");
        await Expect(voting.Locator("#summary")).ToContainTextAsync("workshop");
        await WebFixture.CloseAsync(welcome);
        await WebFixture.CloseAsync(voting);
    }

    [Fact]
    public async Task The_wired_buttons_drive_the_kiosk_next_select_and_back()
    {
        var page = await fixture.NewPageAsync();
        await page.EnterCodeAsync(fixture, fixture.TakeCode());
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");
        fixture.Host.Context.Live.PressButton(ControllerButton.Back);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.WaitForFunctionAsync("() => window.kioskLive && window.kioskLive.readyState === 1");
        fixture.Host.Context.Live.PressButton(ControllerButton.Next);
        fixture.Host.Context.Live.PressButton(ControllerButton.Next);
        await Expect(page.Locator("button[value='pick:no']")).ToBeFocusedAsync();
        fixture.Host.Context.Live.PressButton(ControllerButton.Select);
        await Expect(page.Locator("#summary")).ToContainTextAsync("No");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_kiosk_cannot_reach_the_console_and_the_console_port_serves_no_kiosk()
    {
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"{fixture.Resident}/console/login")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"{fixture.Resident}/console")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.PostAsync($"{fixture.Resident}/console/login", new FormUrlEncodedContent([new("who", "facilitator-ana")]))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"{fixture.Console}/kiosk")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"{fixture.Console}/board")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"{fixture.Console}/console/login")).StatusCode);
        Assert.NotEqual(fixture.Host.ResidentUri.Port, fixture.Host.ConsoleUri.Port);
    }
}
