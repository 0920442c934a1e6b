using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>Bad input: each kind of bad event is refused with its own reason, and the store is left exactly as it was.</summary>
public sealed class ReceiveValidationTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly AuthorKeyPair _founder = AuthorKeyPair.Generate();
    private readonly AuthorKeyPair _gateway = AuthorKeyPair.Generate();
    private OfflineFeeds _feeds = null!;
    private Ledger _ledger = null!;

    public async Task InitializeAsync()
    {
        _feeds = new OfflineFeeds(_founder);
        _ledger = Ledger.Open(_folder.File("ledger.db"), TestKinds.Options());
        var setup = new[] { _feeds.Genesis, _feeds.EnrolGateway(_founder, _gateway), _feeds.Note(_gateway, "first") };
        var results = await _ledger.ReceiveAsync(setup.Select(e => e.Raw).ToList());
        Assert.All(results, r => Assert.True(r.IsAccepted, r.ToString()));
    }

    public async Task DisposeAsync()
    {
        await _ledger.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<ReceiveResult> ReceiveUnchanged(byte[] raw)
    {
        var before = LedgerAssert.Snapshot(_ledger);
        var result = await _ledger.ReceiveAsync(raw);
        Assert.Equal(before, LedgerAssert.Snapshot(_ledger));
        return result;
    }

    [Fact]
    public async Task A_flipped_bit_anywhere_in_an_event_is_refused_and_changes_nothing()
    {
        var good = _feeds.Note(_gateway, "second");
        var before = LedgerAssert.Snapshot(_ledger);
        // Every bit of the event, flipped one at a time and offered in one batch.
        var flipped = new List<byte[]>();
        for (var bit = 0; bit < good.Raw.Length * 8; bit++)
        {
            var copy = (byte[])good.Raw.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            flipped.Add(copy);
        }
        var results = await _ledger.ReceiveAsync(flipped);
        for (var bit = 0; bit < results.Count; bit++)
        {
            Assert.True(results[bit].Status != ReceiveStatus.Accepted, $"bit {bit} flipped was accepted");
            // A flipped author bit makes a different (unknown) author whose signature cannot verify: never pending.
            Assert.Equal(ReceiveStatus.Rejected, results[bit].Status);
        }
        Assert.Equal(before, LedgerAssert.Snapshot(_ledger));
        Assert.True((await _ledger.ReceiveAsync(good.Raw)).IsAccepted, "the untouched event is still acceptable");
    }

    [Fact]
    public async Task A_wrong_prev_is_refused_with_WrongPrev()
    {
        var head = _ledger.HeadOf(_gateway.PublicKey);
        var forged = EventSigner.Sign(_feeds.Assembly, _gateway, head.Seq + 1, EventEncoding.IdOf("not the head"u8), 1, TestKinds.Note, TestKinds.NoteBody("x"));
        var result = await ReceiveUnchanged(forged.Raw);
        Assert.Equal(RejectReason.WrongPrev, result.Rejection?.Reason);
        Assert.Contains("prev", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gap_in_seq_is_refused_with_SeqGap()
    {
        _feeds.Note(_gateway, "skipped"); // signed but never delivered
        var afterGap = _feeds.Note(_gateway, "after the gap");
        var result = await ReceiveUnchanged(afterGap.Raw);
        Assert.Equal(RejectReason.SeqGap, result.Rejection?.Reason);
        Assert.Contains("expected #2", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_with_UnknownKind()
    {
        var head = _ledger.HeadOf(_gateway.PublicKey);
        var e = EventSigner.Sign(_feeds.Assembly, _gateway, head.Seq + 1, head.Id, 1, "BallotSmuggled", TestKinds.NoteBody("x"));
        var result = await ReceiveUnchanged(e.Raw);
        Assert.Equal(RejectReason.UnknownKind, result.Rejection?.Reason);
        Assert.Contains("BallotSmuggled", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_Oversize()
    {
        var head = _ledger.HeadOf(_gateway.PublicKey);
        var honest = EventEncoding.EncodeUnsigned(_feeds.Assembly, _gateway.PublicKey, head.Seq + 1, head.Id, 1, TestKinds.Note, new byte[EventEncoding.MaxBodyLength]);
        // Grow the body past the limit by hand: the encoder itself refuses to write such an event.
        var oversize = new byte[honest.Length + 1];
        honest.AsSpan(0, honest.Length - EventEncoding.SignatureLength - EventEncoding.MaxBodyLength).CopyTo(oversize);
        var lengthAt = honest.Length - EventEncoding.SignatureLength - EventEncoding.MaxBodyLength - 4;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(oversize.AsSpan(lengthAt), EventEncoding.MaxBodyLength + 1);
        var result = await ReceiveUnchanged(oversize);
        Assert.Equal(RejectReason.Oversize, result.Rejection?.Reason);
        Assert.Throws<ArgumentException>(() => EventSigner.Sign(_feeds.Assembly, _gateway, 9, head.Id, 1, TestKinds.Note, new byte[EventEncoding.MaxBodyLength + 1]));
    }

    [Fact]
    public async Task A_malformed_body_is_refused_with_MalformedBody()
    {
        var e = _feeds.Next(_founder, EventKinds.GatewayEnrolled, """{"key":"nothex","name":"gw"}"""u8.ToArray());
        var result = await ReceiveUnchanged(e.Raw);
        Assert.Equal(RejectReason.MalformedBody, result.Rejection?.Reason);
        Assert.Contains("key must be a public key", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused_with_BadSignature()
    {
        var impostor = AuthorKeyPair.Generate();
        var head = _ledger.HeadOf(_gateway.PublicKey);
        // The event claims the gateway as author but is signed with a key nobody enrolled.
        var buffer = EventEncoding.EncodeUnsigned(_feeds.Assembly, _gateway.PublicKey, head.Seq + 1, head.Id, 1, TestKinds.Note, TestKinds.NoteBody("forged"));
        impostor.Sign(buffer.AsSpan(0, buffer.Length - 64), buffer.AsSpan(buffer.Length - 64));
        var result = await ReceiveUnchanged(buffer);
        Assert.Equal(RejectReason.BadSignature, result.Rejection?.Reason);
    }

    [Fact]
    public async Task An_event_by_an_unenrolled_key_is_held_pending_outside_the_ledger()
    {
        var stranger = AuthorKeyPair.Generate();
        var e = _feeds.Note(stranger, "let me in");
        var ledgerBefore = LedgerAssert.EventIds(_ledger);
        var hashBefore = _ledger.StateHash();
        var result = await _ledger.ReceiveAsync(e.Raw);
        Assert.Equal(ReceiveStatus.Pending, result.Status);
        Assert.Contains("not enrolled", result.PendingReason, StringComparison.Ordinal);
        Assert.Equal(ledgerBefore, LedgerAssert.EventIds(_ledger));
        Assert.Equal(hashBefore, _ledger.StateHash());
        Assert.Equal(0, _ledger.Vector[stranger.PublicKey]);
        Assert.Equal(1, _ledger.PendingCount);
    }

    [Fact]
    public async Task An_unenrolled_key_cannot_flood_the_pending_area()
    {
        await using var small = Ledger.Open(_folder.File("small.db"), TestKinds.Options() with { MaxPendingPerAuthor = 3 });
        await small.ReceiveAsync(_feeds.Genesis.Raw);
        var stranger = AuthorKeyPair.Generate();
        var flood = Enumerable.Range(0, 5).Select(i => _feeds.Note(stranger, $"spam {i}").Raw).ToList();
        var results = await small.ReceiveAsync(flood);
        Assert.Equal(3, results.Count(r => r.Status == ReceiveStatus.Pending));
        Assert.Equal(2, results.Count(r => r.Rejection?.Reason == RejectReason.PendingQuotaExceeded));
        Assert.Equal(3, small.PendingCount);
    }

    [Fact]
    public async Task A_replayed_event_is_refused_with_Duplicate()
    {
        var first = _ledger.ReadFeed(_gateway.PublicKey).Single();
        var result = await ReceiveUnchanged(first.Raw);
        Assert.Equal(RejectReason.Duplicate, result.Rejection?.Reason);
    }

    [Fact]
    public async Task An_event_of_another_assembly_is_refused_with_WrongAssembly()
    {
        var otherFounder = AuthorKeyPair.Generate();
        var other = new OfflineFeeds(otherFounder, "Another assembly");
        var result = await ReceiveUnchanged(other.Genesis.Raw);
        Assert.Equal(RejectReason.WrongAssembly, result.Rejection?.Reason);
    }

    [Fact]
    public async Task A_gateway_writing_a_facilitator_kind_is_stored_for_its_chain_but_never_applied()
    {
        var upstart = AuthorKeyPair.Generate();
        var e = _feeds.AddFacilitator(_gateway, upstart, "self-promoted");
        var membersBefore = _ledger.Authority.Members.Keys.Order().ToList();
        var result = await _ledger.ReceiveAsync(e.Raw);
        Assert.True(result.IsAccepted, "kept so the gateway's later events still chain");
        Assert.False(_ledger.IsApplied(_ledger.ReadFeed(_gateway.PublicKey)[^1]));
        Assert.Equal(Role.None, _ledger.Authority.RoleOf(upstart.PublicKey));
        Assert.Equal(membersBefore, _ledger.Authority.Members.Keys.Order().ToList());
    }

    [Fact]
    public async Task Local_authoring_by_a_key_without_the_role_is_refused_and_writes_nothing()
    {
        var before = LedgerAssert.Snapshot(_ledger);
        var byGateway = await _ledger.AppendAsync(_gateway, EventKinds.FacilitatorAdded, BodyJson.Write(new FacilitatorAddedBody(_gateway.PublicKey.ToHex(), "me")));
        var byStranger = await _ledger.AppendAsync(AuthorKeyPair.Generate(), TestKinds.Note, TestKinds.NoteBody("hello"));
        var badBody = await _ledger.AppendAsync(_founder, EventKinds.DeviceEnrolled, "{}"u8.ToArray());
        Assert.Equal(RejectReason.NotAuthorised, byGateway.Rejection?.Reason);
        Assert.Contains("is a gateway", byGateway.Rejection!.Message, StringComparison.Ordinal);
        Assert.Equal(RejectReason.NotAuthorised, byStranger.Rejection?.Reason);
        Assert.Contains("not enrolled", byStranger.Rejection!.Message, StringComparison.Ordinal);
        Assert.Equal(RejectReason.MalformedBody, badBody.Rejection?.Reason);
        Assert.Equal(before, LedgerAssert.Snapshot(_ledger));
    }
}
