using Kiosk.Gateway.Host;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// The audio ballot: with audio mode on (the configured key, or the wired "audio" button) every screen and choice is
/// spoken by espeak-ng through the page's audio element, and a resident who cannot see the screen votes with the keys
/// and wired buttons alone, choosing by what they hear.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AudioBallotTests(WebFixture fixture)
{
    [Fact]
    public async Task A_vote_completes_with_key_and_button_presses_alone_choosing_by_what_is_heard()
    {
        var code = fixture.TakeCode();
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-speech", "/kiosk/speech");
        Assert.False(await page.EvaluateAsync<bool>("kioskSpeech.on"), "audio mode waits for the key, a button or headphones");

        await page.Keyboard.PressAsync("F2");
        await HeardAsync(page, "Audio on.");
        await HeardAsync(page, "Welcome: vote here");
        await DownUntilAsync(page, "Start in English");
        await PressToNextScreenAsync(page, "Enter");

        await HeardAsync(page, "Enter your voter code");
        await DownUntilAsync(page, "Enter your voter code. empty");
        foreach (var symbol in code) await page.Keyboard.PressAsync(symbol.ToString());
        Assert.Equal(Spelled(code[^1..]), await page.EvaluateAsync<string>("kioskSpeech.last"));
        await PressToNextScreenAsync(page, "Enter");

        await HeardAsync(page, "Which ballot do you want to vote on?");
        await DownUntilAsync(page, "Quiet hours in the courtyard");
        await PressToNextScreenAsync(page, "Enter");

        await HeardAsync(page, "The courtyard is kept quiet from 22:00 to 07:00");
        await DownUntilAsync(page, "No");
        await page.UntilAsync("window.kioskLive && window.kioskLive.readyState === 1");
        // The wired station's "select" button presses what was last said, as Enter does.
        await ToNextScreenAsync(page, () => fixture.Host.Context.Live.PressButton(ControllerButton.Select));

        await HeardAsync(page, "Check your vote");
        await HeardAsync(page, "No");
        await DownUntilAsync(page, "Confirm my vote");
        await PressToNextScreenAsync(page, "Enter");

        await HeardAsync(page, "Your vote is recorded");
        var tracker = (await page.Locator("#tracker").TextContentAsync())!.Trim();
        await HeardAsync(page, Spelled(tracker));
        await page.UntilAsync("kioskSpeech.played > 0");
        Assert.Equal(0, await page.EvaluateAsync<int>("kioskSpeech.refused"));
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task Repeat_slower_faster_and_the_wired_audio_button_act_on_what_is_said()
    {
        var page = await fixture.NewPageAsync(800, 480);
        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=es");
        await page.UntilAsync("window.kioskLive && window.kioskLive.readyState === 1");
        fixture.Host.Context.Live.PressButton(ControllerButton.Audio);
        await page.UntilAsync("kioskSpeech.on");
        await HeardAsync(page, "Audio activado.");
        await HeardAsync(page, "Escriba su código de votación");
        var rate = await page.EvaluateAsync<int>("kioskSpeech.rate");

        await page.Keyboard.PressAsync("ArrowDown");
        var said = await page.EvaluateAsync<string>("kioskSpeech.last");
        Assert.Equal("Escriba su código de votación. vacío", said);
        var spoken = await page.EvaluateAsync<int>("kioskSpeech.spoken");
        await page.Keyboard.PressAsync("F3");
        Assert.Equal(said, await page.EvaluateAsync<string>("kioskSpeech.last"));
        Assert.Equal(spoken + 1, await page.EvaluateAsync<int>("kioskSpeech.spoken"));
        await page.Keyboard.PressAsync("F4");
        Assert.Equal(rate - 20, await page.EvaluateAsync<int>("kioskSpeech.rate"));
        await page.Keyboard.PressAsync("F5");
        await page.Keyboard.PressAsync("F5");
        Assert.Equal(rate + 20, await page.EvaluateAsync<int>("kioskSpeech.rate"));

        // The speed and audio mode last through the visit's next screens (here: a reload of the code screen)…
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("kioskSpeech.on"));
        Assert.Equal(rate + 20, await page.EvaluateAsync<int>("kioskSpeech.rate"));
        // …and the next person's welcome forgets them.
        await page.GotoAsync($"{fixture.Resident}/kiosk?reset=1");
        Assert.False(await page.EvaluateAsync<bool>("kioskSpeech.on"));

        await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=es");
        await page.Keyboard.PressAsync("F2");
        await page.Keyboard.PressAsync("F2");
        Assert.False(await page.EvaluateAsync<bool>("kioskSpeech.on"));
        Assert.Equal("Audio desactivado.", await page.EvaluateAsync<string>("kioskSpeech.last"));
        await WebFixture.CloseAsync(page);
    }

    /// <summary>How the page spells a code or tracker: symbol by symbol, a dash as a pause.</summary>
    internal static string Spelled(string text) => string.Join(' ', text.Select(c => c == '-' ? "," : c.ToString()));

    /// <summary>Waits until the page has said something containing <paramref name="text"/>.</summary>
    private static async Task HeardAsync(IPage page, string text) =>
        await page.UntilAsync("text => kioskSpeech.heard.some(t => t.includes(text))", text);

    /// <summary>Presses "down" until what is said contains <paramref name="text"/>, as a resident listens for the choice they want.</summary>
    private static async Task DownUntilAsync(IPage page, string text)
    {
        var heard = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
            var said = await page.EvaluateAsync<string>("kioskSpeech.last");
            if (said.Contains(text, StringComparison.Ordinal)) return;
            heard.Add(said);
        }
        Assert.Fail($"never heard \"{text}\"; heard: {string.Join(" | ", heard.Distinct())}");
    }

    private static Task PressToNextScreenAsync(IPage page, string key) => ToNextScreenAsync(page, () => page.Keyboard.PressAsync(key));

    private static Task ToNextScreenAsync(IPage page, Action press) => ToNextScreenAsync(page, () =>
    {
        press();
        return Task.CompletedTask;
    });

    /// <summary>Does <paramref name="press"/> and waits until the next screen has loaded.</summary>
    private static async Task ToNextScreenAsync(IPage page, Func<Task> press)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loadedPage) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await press();
            await loaded.Task.WaitAsync(WebFixture.StepTimeout);
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }
}
