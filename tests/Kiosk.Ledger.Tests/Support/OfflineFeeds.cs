using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger.Tests.Support;

/// <summary>
/// Signs events without a store, keeping each author's seq and prev, so tests can hand a ledger exactly the
/// bytes they want (out of order, duplicated, tampered).
/// </summary>
public sealed class OfflineFeeds
{
    private readonly Dictionary<Bytes32, FeedHead> _heads = [];
    private long _clockMs;

    public OfflineFeeds(AuthorKeyPair founder, string name = "Test assembly", long startMs = 1_767_225_600_000)
    {
        Founder = founder;
        _clockMs = startMs;
        var salt = new byte[AssemblyFoundedBody.SaltLength];
        Assembly = AssemblyId.Derive(founder.PublicKey, salt);
        Genesis = Next(founder, EventKinds.AssemblyFounded, BodyJson.Write(new AssemblyFoundedBody(name, Convert.ToHexStringLower(salt), ["en", "es"])));
    }

    public AuthorKeyPair Founder { get; }
    public AssemblyId Assembly { get; }
    public LedgerEvent Genesis { get; }

    public LedgerEvent Next(AuthorKeyPair author, string kind, byte[] body)
    {
        var head = _heads.GetValueOrDefault(author.PublicKey, FeedHead.Empty);
        var e = EventSigner.Sign(Assembly, author, head.Seq + 1, head.Id, _clockMs += 1000, kind, body);
        _heads[author.PublicKey] = new FeedHead(e.Seq, e.Id);
        return e;
    }

    public LedgerEvent AddFacilitator(AuthorKeyPair by, AuthorKeyPair added, string name = "facilitator") =>
        Next(by, EventKinds.FacilitatorAdded, BodyJson.Write(new FacilitatorAddedBody(added.PublicKey.ToHex(), name)));

    public LedgerEvent EnrolGateway(AuthorKeyPair by, AuthorKeyPair gateway, string name = "gateway") =>
        Next(by, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), name)));

    public LedgerEvent Note(AuthorKeyPair author, string text) => Next(author, TestKinds.Note, TestKinds.NoteBody(text));
}
