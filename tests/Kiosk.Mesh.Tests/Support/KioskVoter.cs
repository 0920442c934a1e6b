using System.Net;

namespace Kiosk.Mesh.Tests.Support;

/// <summary>A resident at a running gateway's kiosk page (Post/Redirect/Get), for tests that watch votes travel.</summary>
public static class KioskVoter
{
    /// <summary>
    /// Casts a vote at the kiosk served at <paramref name="kiosk"/>: the code, the option, "Confirm", then the receipt
    /// with its tracker. The code must open exactly one ballot.
    /// </summary>
    public static async Task VoteAsync(Uri kiosk, string gateway, string code, string option)
    {
        var page = await TryVoteAsync(kiosk, gateway, code, option);
        Assert.True(page.Contains("id=\"tracker\"", StringComparison.Ordinal), $"no receipt for the vote at {gateway}:\n{page}");
    }

    /// <summary>The steps of <see cref="VoteAsync"/>; returns the page the kiosk shows after "Confirm" (a receipt, or why not).</summary>
    public static async Task<string> TryVoteAsync(Uri kiosk, string gateway, string code, string option)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = kiosk };
        async Task<string> Post(string path, KeyValuePair<string, string>[] fields)
        {
            using var response = await http.PostAsync(path, new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.SeeOther && response.Headers.Location is not null, $"kiosk step at {gateway} answered HTTP {(int)response.StatusCode}");
            return response.Headers.Location!.OriginalString;
        }
        var visit = await Post("kiosk", [new("screen", "code"), new("lang", "en"), new("size", "m"), new("code", code), new("do", "check")]);
        await Post(visit, [new("screen", "vote"), new("do", "pick:" + option)]);
        var receipt = await Post(visit, [new("screen", "review"), new("do", "confirm")]);
        return await http.GetStringAsync(receipt);
    }
}
