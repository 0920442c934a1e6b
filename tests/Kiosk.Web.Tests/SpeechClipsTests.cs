using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Every screen of every counting method, in audio mode, is spoken: each text the screen says (its words and each of its
/// choices) becomes a WAV clip from espeak-ng that is not empty and lasts as long as its words plausibly take, measured
/// with <c>sox --i -D</c>. The walk is in Spanish, so the ballot's language is the one spoken (the welcome's language
/// cards are each spoken in their own language, Arabic among them).
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class SpeechClipsTests(WebFixture fixture, ITestOutputHelper output)
{
    /// <summary>Shortest plausible time per word at 160 words a minute (espeak-ng says short words fast).</summary>
    private const double FastestSecondsPerWord = 0.1;

    /// <summary>Longest plausible time per word, and the pauses around a clip.</summary>
    private const double SlowestSecondsPerWord = 1.5;

    private const double Pauses = 1.5;

    /// <summary>One text the page says, and its language (as the page's <c>kioskSpeech.script()</c> lists them).</summary>
    private sealed record Part
    {
        public string Text { get; init; } = "";

        public string Lang { get; init; } = "";
    }

    [Fact]
    public async Task Every_screen_of_every_method_is_spoken_in_clips_of_plausible_length()
    {
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("kiosk-speech");
        var problems = new List<string>();
        var measured = new Dictionary<(string, string), double>();
        var page = await fixture.NewPageAsync(1280, 800);
        var screens = 0;
        try
        {
            async Task SpokenAsync(string screen)
            {
                screens++;
                var parts = await page.EvaluateAsync<Part[]>("kioskSpeech.script()");
                if (parts.Length == 0) problems.Add($"{screen}: says nothing");
                foreach (var part in parts)
                {
                    if (measured.ContainsKey((part.Text, part.Lang))) continue;
                    var (seconds, problem) = await ClipAsync(page, folder.FullName, part, measured.Count);
                    measured[(part.Text, part.Lang)] = seconds;
                    var words = part.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                    if (problem is not null) problems.Add($"{screen}: \"{part.Text}\" ({part.Lang}): {problem}");
                    else if (seconds < Math.Max(0.2, words * FastestSecondsPerWord) || seconds > words * SlowestSecondsPerWord + Pauses)
                        problems.Add($"{screen}: \"{part.Text}\" ({part.Lang}) lasts {seconds:0.00} s for {words} words");
                }
            }

            await page.GotoAsync($"{fixture.Resident}/kiosk");
            await page.Keyboard.PressAsync("F2");
            await page.UntilAsync("kioskSpeech.on");
            await SpokenAsync("welcome");
            Assert.Contains(measured.Keys, k => k.Item2 == "ar");
            await page.GotoAsync($"{fixture.Resident}/kiosk/code?lang=es");
            await SpokenAsync("code");
            await page.Locator("#code").FillAsync("0000-0000-0000");
            await page.Locator("#actions .primary").ClickToNextScreenAsync();
            await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
            await SpokenAsync("code with a problem");
            await page.Locator("#code").FillAsync(fixture.TakeCode());
            await page.Locator("#actions .primary").ClickToNextScreenAsync();
            await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("ballots");
            await SpokenAsync("ballots");

            var ballots = await page.Locator("main button[value^='ballot:']").EvaluateAllAsync<string[]>("els => els.map(e => e.value.slice(7))");
            Assert.True(ballots.Length >= 9, $"the demo has a ballot per method; the list shows {ballots.Length}");
            foreach (var ballot in ballots)
            {
                await page.ChooseBallotAsync(ballot);
                await Expect(page.Locator("form input[name=screen]")).ToHaveValueAsync("vote");
                await SpokenAsync($"{ballot}: vote");
                var action = await page.Locator("main .choices .choice").First.GetAttributeAsync("value") ?? "";
                if (ballot == "consent-tool-library") action = "pick:object";
                await page.DoAsync(action);
                if (action == "pick:object")
                {
                    await SpokenAsync($"{ballot}: objection");
                    await page.DoAsync("review");
                }
                else if (!action.StartsWith("pick:", StringComparison.Ordinal))
                {
                    await SpokenAsync($"{ballot}: vote with a choice");
                    await page.DoAsync("review");
                }
                await Expect(page.Locator("#summary")).ToBeVisibleAsync();
                await SpokenAsync($"{ballot}: review");
                if (ballot == ballots[^1])
                {
                    await page.ConfirmAsync();
                    await SpokenAsync($"{ballot}: receipt");
                }
                else
                {
                    await page.DoAsync("edit");
                    await page.DoAsync("back");
                }
            }
            Assert.Contains(measured.Keys, k => k.Item1.Contains("Revise su voto", StringComparison.Ordinal) && k.Item2 == "es");
        }
        finally
        {
            await WebFixture.CloseAsync(page);
            folder.Delete(recursive: true);
        }
        output.WriteLine($"{screens} screens, {measured.Count} clips, {measured.Values.Sum():0} s of speech, in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Slower_speech_makes_a_longer_clip_of_the_same_text()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.Resident}/kiosk");
        var folder = Directory.CreateTempSubdirectory("kiosk-speech");
        try
        {
            var part = new Part { Text = "Confirme su voto cuando esté listo.", Lang = "es" };
            var (slow, _) = await ClipAsync(page, folder.FullName, part, 0, rate: 80);
            var (fast, _) = await ClipAsync(page, folder.FullName, part, 1, rate: 320);
            Assert.True(slow > 2 * fast, $"at 80 words a minute {slow:0.00} s, at 320 {fast:0.00} s");
        }
        finally
        {
            await WebFixture.CloseAsync(page);
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("", "160", "en", "the text to speak is empty")]
    [InlineData("Hello", "20", "en", "the speed is a number of words per minute from 80 to 400")]
    [InlineData("Hello", "fast", "en", "the speed is a number of words per minute from 80 to 400")]
    [InlineData("Hello", "160", "xx", "the language is one of en, ar, es")]
    public async Task A_speech_request_the_kiosk_cannot_speak_is_refused_with_the_reason(string text, string rate, string lang, string reason)
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = text, ["rate"] = rate, ["lang"] = lang });
        using var answer = await http.PostAsync(new Uri($"{fixture.Resident}/kiosk/speech"), form);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(reason, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_text_longer_than_a_clip_is_refused()
    {
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = new string('a', 601), ["rate"] = "160", ["lang"] = "en" });
        using var answer = await http.PostAsync(new Uri($"{fixture.Resident}/kiosk/speech"), form);
        Assert.Equal("the text to speak is longer than 600 characters", await answer.Content.ReadAsStringAsync());
    }

    /// <summary>Asks the gateway for the clip of <paramref name="part"/>, writes it to a file, and measures it with sox.</summary>
    private async Task<(double Seconds, string? Problem)> ClipAsync(IPage page, string folder, Part part, int index, int rate = 160)
    {
        var answer = await page.APIRequest.PostAsync($"{fixture.Resident}/kiosk/speech", new APIRequestContextOptions
        {
            Form = FormOf(page, part, rate),
        });
        if (!answer.Ok) return (0, $"answered {answer.Status}: {await answer.TextAsync()}");
        if (answer.Headers.GetValueOrDefault("content-type") != "audio/wav") return (0, $"answered {answer.Headers.GetValueOrDefault("content-type")}");
        var wave = await answer.BodyAsync();
        if (wave.Length <= 44) return (0, $"the clip is {wave.Length} bytes");
        var file = Path.Combine(folder, $"clip-{index}.wav");
        await File.WriteAllBytesAsync(file, wave);
        var (exit, text) = await SoxAsync("--i", "-D", file);
        return exit == 0 && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? (seconds, null)
            : (0, $"sox could not measure it (exit {exit}: {text.Trim()})");
    }

    private static IFormData FormOf(IPage page, Part part, int rate)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("text", part.Text);
        form.Set("lang", part.Lang);
        form.Set("rate", rate.ToString(CultureInfo.InvariantCulture));
        return form;
    }

    /// <summary>Runs sox with <paramref name="arguments"/> (stdin closed) and returns its exit code and output.</summary>
    internal static async Task<(int Exit, string Output)> SoxAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("sox") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var sox = Process.Start(start)!;
        sox.StandardInput.Close();
        var text = sox.StandardOutput.ReadToEndAsync();
        var errors = sox.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await sox.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            sox.Kill();
            throw;
        }
        return (sox.ExitCode, await text + await errors);
    }
}
