using Kiosk.Gateway.Audio;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Kiosk.Web.Tests;

/// <summary>
/// Headphones and the loudspeaker: plugging headphones in starts audio mode and pulling them out stops it (the gateway
/// reads the jack on its clock); nothing is spoken while a watched socket is empty unless a loudspeaker is configured;
/// what is spoken never reaches the log.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class HeadphonesTests(WebFixture fixture)
{
    /// <summary>A headphone socket the test plugs and unplugs.</summary>
    private sealed class FakeJack : IHeadphoneJack
    {
        public volatile bool In;

        public bool? Plugged() => In;
    }

    [Fact]
    public async Task Headphones_going_in_start_audio_mode_and_an_empty_socket_speaks_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("kiosk-headphones");
        var log = new CapturedLog();
        try
        {
            var data = new DataFolder(new DirectoryInfo(Path.Combine(folder.FullName, "data")));
            await DemoAssembly.CreateAsync(data, 1, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            var jack = new FakeJack();
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var audio = new AudioOptions { Jack = jack };
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(data.Root.FullName) with
            {
                Time = clock,
                Audio = audio,
                LogLevel = LogLevel.Trace,
                ConfigureServices = s => s.AddSingleton<ILoggerProvider>(log),
            });
            var resident = host.ResidentUri.ToString().TrimEnd('/');
            const string secret = "Willow by the gate, my secret choice";

            using var http = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.Conflict, (await SpeakAsync(http, resident, secret)).StatusCode);

            var page = await fixture.NewPageAsync(800, 480);
            await page.GotoAsync($"{resident}/kiosk");
            await page.UntilAsync("window.kioskLive && window.kioskLive.readyState === 1");
            Assert.False(await page.EvaluateAsync<bool>("kioskSpeech.on"));

            jack.In = true;
            clock.Advance(audio.JackPoll);
            await page.UntilAsync("kioskSpeech.on");
            using (var spoken = await SpeakAsync(http, resident, secret))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, spoken.StatusCode);
                Assert.Equal("audio/wav", spoken.Content.Headers.ContentType?.MediaType);
            }
            // A new page while the headphones are in starts in audio mode by itself.
            await page.GotoAsync($"{resident}/kiosk/code?lang=en");
            Assert.True(await page.EvaluateAsync<bool>("kioskSpeech.on"));
            await page.UntilAsync("window.kioskLive && window.kioskLive.readyState === 1");

            jack.In = false;
            clock.Advance(audio.JackPoll);
            await page.UntilAsync("!kioskSpeech.on");
            Assert.Equal(System.Net.HttpStatusCode.Conflict, (await SpeakAsync(http, resident, secret)).StatusCode);
            await WebFixture.CloseAsync(page);

            Assert.DoesNotContain(log.Lines, line => line.Message.Contains("Willow", StringComparison.OrdinalIgnoreCase));
            Assert.NotEmpty(log.Lines); // the log was captured (start-up lines at least)
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(AudioOutput.Headphones, true, null, true)]    // a headphone-only output whose socket cannot tell
    [InlineData(AudioOutput.Headphones, false, true, true)]
    [InlineData(AudioOutput.Headphones, false, false, false)] // an empty socket: nothing is spoken
    [InlineData(AudioOutput.Headphones, false, null, true)]   // the jack could not be read this time: the output is still headphones
    [InlineData(AudioOutput.Loudspeaker, false, false, true)] // configured to be heard aloud
    public void Speech_is_heard_only_through_headphones_unless_a_loudspeaker_is_configured(AudioOutput output, bool noJack, bool? plugged, bool maySpeak)
    {
        var audio = new AudioOptions { Output = output, Jack = noJack ? null : new FakeJack() };
        Assert.Equal(maySpeak, SpeechPolicy.MaySpeak(audio, plugged));
        Assert.False(SpeechPolicy.MaySpeak(null, true));
    }

    [Theory]
    [InlineData("numid=12,iface=CARD,name='Headphone Jack'\n  ; type=BOOLEAN,access=r-------,values=1\n  : values=on\n", true)]
    [InlineData("numid=12,iface=CARD,name='Headphone Jack'\n  ; type=BOOLEAN,access=r-------,values=1\n  : values=off\n", false)]
    [InlineData("amixer: Cannot find the given element from control hw:0\n", null)]
    public void The_alsa_jack_state_is_read_from_amixer(string output, bool? plugged) =>
        Assert.Equal(plugged, AlsaHeadphoneJack.StateIn(output));

    [Fact]
    public void A_jack_setting_names_the_card_and_optionally_the_control()
    {
        Assert.Equal(("1", "Headphone Jack"), (AlsaHeadphoneJack.Parse("1").Card, AlsaHeadphoneJack.Parse("1").Control));
        Assert.Equal(("Headphones", "Front Headphone Jack"), (AlsaHeadphoneJack.Parse("Headphones:Front Headphone Jack").Card, AlsaHeadphoneJack.Parse("Headphones:Front Headphone Jack").Control));
    }

    private static Task<HttpResponseMessage> SpeakAsync(HttpClient http, string resident, string text) =>
        http.PostAsync(new Uri($"{resident}/kiosk/speech"), new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = text, ["rate"] = "160", ["lang"] = "en" }));
}
