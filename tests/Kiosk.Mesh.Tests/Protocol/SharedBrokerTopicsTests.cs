using Kiosk.Ledger;
using Kiosk.Mesh.Protocol;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>The topics of the mesh on a shared broker: want and batch name both ends, so a broker ACL can bind the sender.</summary>
public sealed class SharedBrokerTopicsTests
{
    private static readonly AssemblyId Assembly = new(0x0102030405060708, 0x090a0b0c0d0e0f10);

    [Fact]
    public void Want_and_batch_name_the_addressee_then_the_sender_and_parse_back()
    {
        using var hub = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        var topics = new SharedBrokerTopics(Assembly);
        var want = topics.Want(hub.PublicKey, gateway.PublicKey);
        Assert.Equal($"kiosk/v1/0102030405060708090a0b0c0d0e0f10/want/{hub.PublicKey.ToHex()}/{gateway.PublicKey.ToHex()}", want);
        Assert.True(topics.TryParseAddressed(want, out var kind, out var to, out var from));
        Assert.Equal((TopicKind.Want, hub.PublicKey, gateway.PublicKey), (kind, to, from));
        Assert.True(topics.TryParseAddressed(topics.Batch(gateway.PublicKey, hub.PublicKey), out kind, out to, out from));
        Assert.Equal((TopicKind.Batch, gateway.PublicKey, hub.PublicKey), (kind, to, from));
        Assert.Equal(
            [$"kiosk/v1/0102030405060708090a0b0c0d0e0f10/want/{hub.PublicKey.ToHex()}/+", $"kiosk/v1/0102030405060708090a0b0c0d0e0f10/batch/{hub.PublicKey.ToHex()}/+",
             "kiosk/v1/0102030405060708090a0b0c0d0e0f10/have/+", "kiosk/v1/0102030405060708090a0b0c0d0e0f10/feed/+"],
            topics.SubscriptionsOf(hub.PublicKey));
    }

    [Theory]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/want/{a}")] // a link's want: no sender
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f11/want/{a}/{b}")] // another assembly
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/have/{a}/{b}")]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/want/{a}/{B}")] // upper case: one spelling only
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/batch/{a}/{b}/x")]
    [InlineData("kiosk/v1/0102030405060708090a0b0c0d0e0f10/want/{a}/+")]
    public void Anything_else_is_not_an_addressed_topic(string template)
    {
        using var a = AuthorKeyPair.Generate();
        using var b = AuthorKeyPair.Generate();
        var topic = template.Replace("{a}", a.PublicKey.ToHex(), StringComparison.Ordinal).Replace("{b}", b.PublicKey.ToHex(), StringComparison.Ordinal)
            .Replace("{B}", b.PublicKey.ToHex().ToUpperInvariant(), StringComparison.Ordinal);
        Assert.False(new SharedBrokerTopics(Assembly).TryParseAddressed(topic, out _, out _, out _));
    }
}
