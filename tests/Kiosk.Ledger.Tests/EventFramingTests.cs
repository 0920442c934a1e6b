using System.Buffers.Binary;
using System.Text;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// The framing rules of the canonical encoding (docs/ledger-format.md) and the validator's checks after decoding, one
/// field at a time, at their limits: each refusal names its reason and says what was wrong, each limit itself is
/// accepted. Written where mutation testing (docs/quality.md) found edits of EventEncoding and EventValidator that no
/// test noticed.
/// </summary>
public sealed class EventFramingTests : IDisposable
{
    // Offsets of the fixed header: magic (8), assembly (16), author (32), seq (8), prev (32), time (8), kind length (1).
    private const int SeqAt = 8 + 16 + 32;
    private const int PrevAt = SeqAt + 8;
    private const int KindLengthAt = PrevAt + 32 + 8;

    private static readonly byte[] Salt = new byte[AssemblyFoundedBody.SaltLength];
    private readonly AuthorKeyPair _key = AuthorKeyPair.FromSeed(new byte[32]);
    private readonly EventValidator _validator = new(KindRegistry.CreateWithCoreKinds());

    private AssemblyId Assembly => AssemblyId.Derive(_key.PublicKey, Salt);

    private LedgerEvent Genesis() => EventSigner.Sign(Assembly, _key, 1, Bytes32.Zero, 1_000, EventKinds.AssemblyFounded,
        BodyJson.Write(new AssemblyFoundedBody("Framing", Convert.ToHexStringLower(Salt), ["en"])));

    private LedgerEvent Second(Bytes32 prev) => EventSigner.Sign(Assembly, _key, 2, prev, 2_000, EventKinds.FacilitatorAdded,
        BodyJson.Write(new FacilitatorAddedBody(new string('a', 64), "Second")));

    /// <summary>An unsigned event whose kind and body are chosen freely (the signature is zeros: framing does not look at it).</summary>
    private byte[] Raw(long seq, string kind, int bodyLength) =>
        EventEncoding.EncodeUnsigned(Assembly, _key.PublicKey, seq, seq == 1 ? Bytes32.Zero : Genesis().Id, 7, kind, new byte[bodyLength]);

    private static Rejection Refused(byte[] raw)
    {
        Assert.False(EventEncoding.TryDecode(raw, out _, out var rejection));
        return Assert.IsType<Rejection>(rejection);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void A_signed_event_decodes_to_the_fields_it_was_signed_with()
    {
        var genesis = Genesis();
        var second = Second(genesis.Id);
        Assert.True(EventEncoding.TryDecode(second.Raw, out var e, out var rejection));
        Assert.Null(rejection);
        Assert.Equal(Assembly, e.Assembly);
        Assert.Equal(_key.PublicKey, e.Author);
        Assert.Equal(2, e.Seq);
        Assert.Equal(genesis.Id, e.Prev);
        Assert.Equal(2_000, e.AuthorTimeMs);
        Assert.Equal(EventKinds.FacilitatorAdded, e.Kind);
        Assert.Equal(second.Body.ToArray(), e.Body.ToArray());
        Assert.Equal(EventEncoding.IdOf(second.Raw), e.Id);
        Assert.Equal(second.Signature.ToArray(), e.Signature.ToArray());
        Assert.Null(_validator.CheckDecoded(e, Assembly, verifySignature: true));
    }

    [Fact]
    public void The_smallest_and_the_largest_possible_events_decode()
    {
        var smallest = Raw(1, "A", 0);
        Assert.Equal(EventEncoding.MinLength, smallest.Length);
        Assert.True(EventEncoding.TryDecode(smallest, out var small, out _));
        Assert.Equal("A", small.Kind);
        Assert.Equal(0, small.Body.Length);

        var largest = Raw(1, new string('K', EventEncoding.MaxKindLength), EventEncoding.MaxBodyLength);
        Assert.Equal(EventEncoding.MaxLength, largest.Length);
        Assert.True(EventEncoding.TryDecode(largest, out var large, out _));
        Assert.Equal(EventEncoding.MaxBodyLength, large.Body.Length);
    }

    [Fact]
    public void An_event_over_the_largest_size_is_refused_as_oversize()
    {
        var rejection = Refused(new byte[EventEncoding.MaxLength + 1]);
        Assert.Equal(RejectReason.Oversize, rejection.Reason);
        Assert.Equal($"event is {EventEncoding.MaxLength + 1} bytes; the limit is {EventEncoding.MaxLength}", rejection.Message);
    }

    [Fact]
    public void An_event_under_the_smallest_size_is_refused_as_malformed()
    {
        var raw = Raw(1, "A", 0)[..^1];
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal($"event is {EventEncoding.MinLength - 1} bytes; the smallest event is {EventEncoding.MinLength}", rejection.Message);
    }

    [Fact]
    public void An_event_without_the_magic_is_refused()
    {
        var raw = Raw(1, "A", 0);
        raw[7] = (byte)'2';
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Contains("KIOSKEV1 magic", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(EventEncoding.MaxKindLength + 1)]
    [InlineData(200)]
    public void A_kind_length_out_of_range_is_refused(int kindLength)
    {
        var raw = Raw(1, new string('K', EventEncoding.MaxKindLength), 300);
        raw[KindLengthAt] = (byte)kindLength;
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal($"kind length {kindLength} is out of range", rejection.Message);
    }

    [Fact]
    public void A_kind_length_that_runs_past_the_end_of_the_event_is_refused()
    {
        // Kind length 64 fits the range, but the event holds only one kind byte, the body length and the signature.
        var raw = Raw(1, "A", 0);
        raw[KindLengthAt] = EventEncoding.MaxKindLength;
        Assert.Equal($"kind length {EventEncoding.MaxKindLength} is out of range", Refused(raw).Message);
    }

    [Fact]
    public void A_kind_length_that_leaves_no_room_for_the_body_length_is_refused_as_such()
    {
        // The smallest event has one kind byte; a kind length of 5 fits its kind and signature only if the four bytes of the
        // body length are taken as kind letters. Made letters here, so only the room for the body length can refuse it.
        var raw = Raw(1, "A", 0);
        raw[KindLengthAt] = 5;
        raw.AsSpan(KindLengthAt + 2, 4).Fill((byte)'A');
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal("kind length 5 is out of range", rejection.Message);
    }

    [Theory]
    [InlineData((byte)'1')]
    [InlineData((byte)'_')]
    [InlineData((byte)0xC3)]
    public void A_kind_holding_a_byte_that_is_not_an_ascii_letter_is_refused(byte b)
    {
        var raw = Raw(1, "AbC", 0);
        raw[KindLengthAt + 3] = b;
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal("kind name holds a byte that is not an ASCII letter", rejection.Message);
    }

    [Fact]
    public void A_body_length_over_the_limit_is_refused_as_oversize()
    {
        var raw = Raw(1, "A", 0);
        BinaryPrimitives.WriteUInt32BigEndian(raw.AsSpan(KindLengthAt + 2), EventEncoding.MaxBodyLength + 1);
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Oversize, rejection.Reason);
        Assert.Equal($"body is {EventEncoding.MaxBodyLength + 1} bytes; the limit is {EventEncoding.MaxBodyLength}", rejection.Message);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(EventEncoding.MaxBodyLength)]
    public void A_body_length_that_does_not_match_the_event_size_is_refused(int declared)
    {
        var raw = Raw(1, "A", 10);
        BinaryPrimitives.WriteUInt32BigEndian(raw.AsSpan(KindLengthAt + 2), (uint)declared);
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal($"declared body length {declared} does not match the event's size of {raw.Length} bytes", rejection.Message);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(9_223_372_036_854_775_808UL)]
    [InlineData(ulong.MaxValue)]
    public void A_seq_outside_1_to_2_pow_63_minus_1_is_refused(ulong seq)
    {
        var raw = Raw(2, "A", 0);
        BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(SeqAt), seq);
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal("seq must be between 1 and 2^63-1", rejection.Message);
    }

    [Fact]
    public void The_largest_seq_decodes()
    {
        var raw = Raw(2, "A", 0);
        BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(SeqAt), long.MaxValue);
        Assert.True(EventEncoding.TryDecode(raw, out var e, out _));
        Assert.Equal(long.MaxValue, e.Seq);
    }

    [Fact]
    public void A_first_event_with_a_prev_is_refused_as_wrong_prev()
    {
        var raw = Raw(1, "A", 0);
        raw[PrevAt + 31] = 1;
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.WrongPrev, rejection.Reason);
        Assert.Equal("the first event of a feed must have no prev", rejection.Message);
    }

    [Fact]
    public void A_later_event_without_a_prev_is_refused_as_wrong_prev()
    {
        var raw = Raw(5, "A", 0);
        raw.AsSpan(PrevAt, 32).Clear();
        var rejection = Refused(raw);
        Assert.Equal(RejectReason.WrongPrev, rejection.Reason);
        Assert.Equal("event #5 has no prev", rejection.Message);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("A", true)]
    [InlineData("VoteCast", true)]
    [InlineData("Vote2", false)]
    [InlineData("Vote Cast", false)]
    [InlineData("Vóte", false)]
    [InlineData(null, false)]
    public void Kind_names_are_one_to_64_ascii_letters(string? kind, bool valid)
    {
        Assert.Equal(valid, EventEncoding.IsValidKindName(kind));
    }

    [Fact]
    public void Kind_names_of_64_letters_are_valid_and_of_65_are_not()
    {
        Assert.True(EventEncoding.IsValidKindName(new string('a', EventEncoding.MaxKindLength)));
        Assert.False(EventEncoding.IsValidKindName(new string('a', EventEncoding.MaxKindLength + 1)));
    }

    [Fact]
    public void Encoding_refuses_what_decoding_would_refuse()
    {
        var kind = Assert.Throws<ArgumentException>(() => Raw(1, "Vote2", 0));
        Assert.Equal("kind", kind.ParamName);
        Assert.StartsWith("'Vote2' is not a valid kind name", kind.Message, StringComparison.Ordinal);
        var body = Assert.Throws<ArgumentException>(() => Raw(1, "A", EventEncoding.MaxBodyLength + 1));
        Assert.Equal("body", body.ParamName);
        Assert.StartsWith($"body is {EventEncoding.MaxBodyLength + 1} bytes; the limit is {EventEncoding.MaxBodyLength}", body.Message, StringComparison.Ordinal);
        var seq = Assert.Throws<ArgumentOutOfRangeException>(() => EventEncoding.EncodeUnsigned(Assembly, _key.PublicKey, 0, Bytes32.Zero, 0, "A", []));
        Assert.Equal("seq", seq.ParamName);
        Assert.StartsWith("seq starts at 1", seq.Message, StringComparison.Ordinal);
        Assert.Equal(EventEncoding.MinLength, EventEncoding.EncodeUnsigned(Assembly, _key.PublicKey, 1, Bytes32.Zero, 0, "A", []).Length);
    }

    [Fact]
    public void The_validator_refuses_an_event_of_another_assembly_only_when_it_expects_one()
    {
        Assert.True(EventEncoding.TryDecode(Genesis().Raw, out var e, out _));
        var other = AssemblyId.Derive(_key.PublicKey, new byte[] { 1, 2, 3 });
        var rejection = _validator.CheckDecoded(e, other, verifySignature: true);
        Assert.Equal(RejectReason.WrongAssembly, rejection?.Reason);
        Assert.Equal($"event {e.Id.ShortHex} belongs to assembly {Assembly}, not {other}", rejection!.Message);
        Assert.Null(_validator.CheckDecoded(e, null, verifySignature: true));
        Assert.Null(_validator.CheckDecoded(e, Assembly, verifySignature: true));
    }

    [Fact]
    public void The_validator_names_an_unknown_kind()
    {
        var unknown = EventSigner.Sign(Assembly, _key, 2, Genesis().Id, 0, "BallotSmuggled", "{}"u8);
        var rejection = _validator.CheckDecoded(unknown, null, verifySignature: true);
        Assert.Equal(RejectReason.UnknownKind, rejection?.Reason);
        Assert.Equal($"event {unknown.Id.ShortHex} has kind 'BallotSmuggled', which this gateway does not know", rejection!.Message);
    }

    [Fact]
    public void The_signature_is_checked_only_when_asked_and_a_refusal_names_the_feed_position()
    {
        var raw = Second(Genesis().Id).Raw;
        raw[^1] ^= 1;
        Assert.True(EventEncoding.TryDecode(raw, out var e, out _));
        var rejection = _validator.CheckDecoded(e, null, verifySignature: true);
        Assert.Equal(RejectReason.BadSignature, rejection?.Reason);
        Assert.Equal($"event {_key.PublicKey.ShortHex}#2 ({e.Id.ShortHex}): signature does not verify under its author's key", rejection!.Message);
        Assert.Null(_validator.CheckDecoded(e, null, verifySignature: false));
        Assert.Null(_validator.Check(raw, null, out var checkedRejection));
        Assert.Equal(RejectReason.BadSignature, checkedRejection?.Reason);
    }

    [Fact]
    public void A_malformed_body_is_refused_with_its_kind_and_feed_position()
    {
        var bad = EventSigner.Sign(Assembly, _key, 2, Genesis().Id, 0, EventKinds.FacilitatorAdded, BodyJson.Write(new FacilitatorAddedBody("not-a-key", "X")));
        var rejection = _validator.CheckDecoded(bad, null, verifySignature: true);
        Assert.Equal(RejectReason.MalformedBody, rejection?.Reason);
        Assert.StartsWith($"{EventKinds.FacilitatorAdded} {_key.PublicKey.ShortHex}#2: ", rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_genesis_must_be_the_first_event_and_derive_the_assembly_id()
    {
        var founded = BodyJson.Write(new AssemblyFoundedBody("Framing", Convert.ToHexStringLower(Salt), ["en"]));
        var late = EventSigner.Sign(Assembly, _key, 3, Genesis().Id, 0, EventKinds.AssemblyFounded, founded);
        var lateRejection = _validator.CheckDecoded(late, null, verifySignature: true);
        Assert.Equal(RejectReason.BadGenesis, lateRejection?.Reason);
        Assert.Equal("AssemblyFounded must be the first event of its feed, not #3", lateRejection!.Message);

        var otherSalt = BodyJson.Write(new AssemblyFoundedBody("Framing", new string('1', AssemblyFoundedBody.SaltLength * 2), ["en"]));
        var forged = EventSigner.Sign(Assembly, _key, 1, Bytes32.Zero, 0, EventKinds.AssemblyFounded, otherSalt);
        var forgedRejection = _validator.CheckDecoded(forged, null, verifySignature: true);
        Assert.Equal(RejectReason.BadGenesis, forgedRejection?.Reason);
        Assert.Equal($"AssemblyFounded by {_key.PublicKey.ShortHex} does not derive assembly id {Assembly} from its key and salt", forgedRejection!.Message);

        var good = _validator.Check(Genesis().Raw, Assembly, out var none);
        Assert.Null(none);
        Assert.Equal(Genesis().Id, good!.Id);
    }

    [Fact]
    public void A_missing_event_is_a_programming_error_named_as_such()
    {
        // Null is never outside input (a received frame is at least an empty array): it is the caller's bug, named by parameter.
        Assert.Equal("raw", Assert.Throws<ArgumentNullException>(() => EventEncoding.TryDecode(null!, out _, out _)).ParamName);
        Assert.Equal("e", Assert.Throws<ArgumentNullException>(() => _validator.CheckDecoded(null!, null, verifySignature: false)).ParamName);
    }

    [Fact]
    public void Decoding_reads_the_kind_as_ascii_text()
    {
        var raw = Raw(1, "VoteCast", 3);
        Assert.True(EventEncoding.TryDecode(raw, out var e, out _));
        Assert.Equal("VoteCast", e.Kind);
        Assert.Equal(Encoding.ASCII.GetBytes("VoteCast"), raw.AsSpan(KindLengthAt + 1, 8).ToArray());
    }
}
