using System.Text.Json;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger.Tests.Support;

/// <summary>
/// A source-generated body contract must read and write as <see cref="BodyJson.Options"/> does: used by the ledger's
/// and the voting part's contract tests (this file is linked into Kiosk.Voting.Tests).
/// </summary>
internal static class BodyOptionsAssert
{
    /// <summary>Asserts that <paramref name="actual"/> has every setting of <see cref="BodyJson.Options"/> that reading or writing depends on.</summary>
    public static void HasBodySettings(JsonSerializerOptions actual)
    {
        var expected = BodyJson.Options;
        Assert.Same(expected.PropertyNamingPolicy, actual.PropertyNamingPolicy);
        Assert.Equal(expected.PropertyNameCaseInsensitive, actual.PropertyNameCaseInsensitive);
        Assert.Equal(expected.NumberHandling, actual.NumberHandling);
        Assert.Equal(expected.UnmappedMemberHandling, actual.UnmappedMemberHandling);
        Assert.Equal(expected.RespectNullableAnnotations, actual.RespectNullableAnnotations);
        Assert.Equal(expected.RespectRequiredConstructorParameters, actual.RespectRequiredConstructorParameters);
        Assert.Equal(expected.DefaultIgnoreCondition, actual.DefaultIgnoreCondition);
        Assert.Equal(expected.WriteIndented, actual.WriteIndented);
        Assert.Equal(expected.MaxDepth, actual.MaxDepth);
        Assert.Equal(expected.Encoder, actual.Encoder);
    }
}
