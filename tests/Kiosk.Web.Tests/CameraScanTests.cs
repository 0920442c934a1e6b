using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiosk.Gateway.Web;
using Kiosk.Gateway.Web.Camera;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kiosk.Web.Tests;

/// <summary>
/// Camera scanning of the slip's QR code, where a camera is configured: in real Chromium with a fake camera showing a
/// slip, and the endpoint's answers and bounds over HTTP.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class CameraScanTests(WebFixture fixture, CameraKiosk kiosk) : IClassFixture<CameraKiosk>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_slip_held_up_to_the_camera_on_the_welcome_goes_to_the_ballots_in_the_chosen_language_and_the_vote_proceeds()
    {
        var page = await kiosk.NewPageAsync(800, 480);
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };
        await page.GotoAsync($"{kiosk.Resident}/kiosk?lang=es&size=l");
        // Nothing is typed or pressed: the camera's picture holds the slip, and the page moves on by itself.
        await Expect(page.Locator("h1")).ToHaveTextAsync("¿En qué votación quiere votar?");
        await Expect(page.Locator("body")).ToHaveClassAsync("kiosk size-l");
        Assert.DoesNotContain(kiosk.Code, page.Url, StringComparison.OrdinalIgnoreCase);
        await page.ChooseBallotAsync("motion-quiet-hours");
        await page.DoAsync("pick:yes");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Revise su voto");
        await page.ConfirmAsync();
        Assert.Empty(refused);
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_code_screen_shows_the_camera_and_continues_with_the_code_it_reads()
    {
        var page = await kiosk.NewPageAsync(1024, 768);
        await page.GotoAsync($"{kiosk.Resident}/kiosk/code?lang=en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Which ballot do you want to vote on?");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_welcome_and_code_screens_with_the_camera_fit_every_display_at_every_text_size()
    {
        var page = await kiosk.NewPageAsync(1280, 800);
        // The gateway answers "no QR code here" to every frame, so the screen stays while the camera's picture shows.
        await page.RouteAsync(new Regex("/kiosk/camera\\?"), route => route.FulfillAsync(new RouteFulfillOptions { Status = 204 }));
        var problems = new List<string>();
        foreach (var screen in new[] { "/kiosk", "/kiosk/code" })
        {
            foreach (var size in KioskVisit.Sizes)
            {
                await page.GotoAsync($"{kiosk.Resident}{screen}?lang=en&size={size}");
                await Expect(page.Locator("#camera video")).ToBeVisibleAsync();
                foreach (var (width, height) in ScreenFitTests.Displays)
                {
                    await page.SetViewportSizeAsync(width, height);
                    foreach (var problem in await page.EvaluateAsync<string[]>(ScreenFitTests.FitProblems, size != "xl"))
                        problems.Add($"{screen} at {width}×{height}, text {size}: {problem}");
                }
                await page.SetViewportSizeAsync(1280, 800);
            }
        }
        await WebFixture.CloseAsync(page);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_qr_code_that_is_not_a_voter_code_is_said_on_the_screen_in_its_language_with_strong_contrast()
    {
        var page = await kiosk.NewPageAsync(1024, 768);
        // The gateway's answer to a frame holding another QR code (its own test is above).
        await page.RouteAsync(new Regex("/kiosk/camera\\?"), route => route.FulfillAsync(new RouteFulfillOptions { Status = 422, Body = "this QR code is not a voter code" }));
        await page.GotoAsync($"{kiosk.Resident}/kiosk/code?lang=es");
        await Expect(page.Locator("#camera figcaption")).ToHaveTextAsync("O acerque el código QR de su papeleta a la cámara.");
        await Expect(page.Locator("#camera .camera-problem")).ToHaveTextAsync("Ese código QR no es un código de votación. Acerque el código QR de su papeleta.");
        Assert.Empty(await page.EvaluateAsync<string[]>(AccessibilityTests.ContrastProblems));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Escriba su código de votación");
        await WebFixture.CloseAsync(page);
    }

    [Fact]
    public async Task Without_a_configured_camera_there_is_no_camera_on_the_page_and_no_endpoint()
    {
        var welcome = await Http.GetStringAsync($"{fixture.Resident}/kiosk");
        Assert.DoesNotContain("id=\"camera\"", welcome, StringComparison.Ordinal);
        Assert.Contains("id=\"camera\"", await Http.GetStringAsync($"{kiosk.Resident}/kiosk"), StringComparison.Ordinal);
        using var answer = await PostAsync(fixture.Resident, QrFrame.Of(fixture.TakeCode()));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task A_frame_with_a_voter_code_answers_the_code()
    {
        using var answer = await PostAsync(kiosk.Resident, QrFrame.Of(kiosk.OtherCode));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(kiosk.OtherCode, json.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_frame_with_another_qr_code_is_refused_with_the_reason_and_an_empty_frame_holds_nothing()
    {
        using var other = await PostAsync(kiosk.Resident, QrFrame.Of("WIFI:S:library;T:WPA;P:books;;"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.StartsWith("this QR code is not a voter code", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var empty = await PostAsync(kiosk.Resident, QrFrame.Blank());
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", null, 320, 240, 320 * 240, HttpStatusCode.UnsupportedMediaType, "application/octet-stream")]
    [InlineData(CameraEndpoints.FrameType, "http://elsewhere.example", 320, 240, 320 * 240, HttpStatusCode.Forbidden, "kiosk's own page")]
    [InlineData(CameraEndpoints.FrameType, null, 320, 240, 100, HttpStatusCode.BadRequest, "is 76800 bytes")]
    [InlineData(CameraEndpoints.FrameType, null, 4000, 3000, 100, HttpStatusCode.BadRequest, "64 to 640 pixels")]
    public async Task A_frame_sent_the_wrong_way_is_refused_with_the_reason(string type, string? origin, int width, int height, int length, HttpStatusCode status, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{kiosk.Resident}{CameraEndpoints.CameraUrl}?w={width}&h={height}")
        {
            Content = new ByteArrayContent(new byte[length]),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        if (origin is not null) request.Headers.Add("Origin", origin);
        using var answer = await Http.SendAsync(request);
        Assert.Equal(status, answer.StatusCode);
        Assert.Contains(reason, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(string resident, byte[] frame)
    {
        var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue(CameraEndpoints.FrameType);
        return Http.PostAsync($"{resident}{CameraEndpoints.CameraUrl}?w={QrFrame.Width}&h={QrFrame.Height}", content);
    }
}
