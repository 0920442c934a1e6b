using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// Bodies are read and written through source-generated contracts (no reflection, for Native AOT): the contracts must
/// carry exactly the settings of <see cref="BodyJson.Options"/>, and write the bytes reflection wrote.
/// </summary>
public sealed class BodyJsonContractTests
{
    [Fact]
    public void The_ledger_body_contracts_have_the_body_options() => BodyOptionsAssert.HasBodySettings(LedgerJson.Default.Options);

    [Fact]
    public void A_body_is_written_as_reflection_wrote_it()
    {
        var body = new DeviceRevokedBody("button-7", Reason: "lost \"at\" the fête <b>");
        var reflection = new JsonSerializerOptions(BodyJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(body, reflection), BodyJson.Write(body));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(body with { Reason = null }, reflection), BodyJson.Write(body with { Reason = null }));
    }

    [Fact]
    public void A_body_with_an_unknown_member_is_still_refused()
    {
        Assert.False(BodyJson.TryRead<DeviceRevokedBody>("""{"device":"button-7","extra":1}"""u8.ToArray(), out _, out var error));
        Assert.Contains("extra", error, StringComparison.Ordinal);
    }
}
