using System.Text.RegularExpressions;
using CsCheck;
using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// The canonical encoding against the test vectors published in docs/ledger-format.md (read from the file, so the
/// document and the code cannot drift apart). The vectors were also reproduced with Python's cryptography package.
/// </summary>
public sealed partial class EncodingVectorTests
{
    private static readonly byte[] Rfc8032Test1Seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private const string Rfc8032Test1Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static string Doc()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiosk.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "docs", "ledger-format.md"));
    }

    private static string DocRaw(string doc, int vector) =>
        Regex.Match(doc, $"```vector-{vector}-raw\\n([0-9a-f\\n]+)```").Groups[1].Value.Replace("\n", "", StringComparison.Ordinal);

    private static string DocAfter(string doc, int vector, string label)
    {
        var section = doc[doc.IndexOf($"### Vector {vector}", StringComparison.Ordinal)..];
        return Regex.Match(section, label + " `([0-9a-f]+)`").Groups[1].Value;
    }

    private static (LedgerEvent Genesis, LedgerEvent Second, AssemblyId Assembly) Build()
    {
        using var key = AuthorKeyPair.FromSeed(Rfc8032Test1Seed);
        Assert.Equal(Rfc8032Test1Public, key.PublicKey.ToHex());
        var salt = new byte[AssemblyFoundedBody.SaltLength];
        var assembly = AssemblyId.Derive(key.PublicKey, salt);
        var genesis = EventSigner.Sign(assembly, key, 1, Bytes32.Zero, 1_767_225_600_000, EventKinds.AssemblyFounded,
            BodyJson.Write(new AssemblyFoundedBody("Test vector assembly", Convert.ToHexStringLower(salt), ["en", "es"])));
        var second = EventSigner.Sign(assembly, key, 2, genesis.Id, 1_767_225_660_000, EventKinds.FacilitatorAdded,
            BodyJson.Write(new FacilitatorAddedBody("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "Second facilitator")));
        return (genesis, second, assembly);
    }

    [Fact]
    public void Signing_the_documented_events_gives_the_documented_bytes_ids_and_signatures()
    {
        var doc = Doc();
        var (genesis, second, assembly) = Build();
        Assert.Contains($"assembly id is\n`{assembly}`", doc, StringComparison.Ordinal);
        foreach (var (e, n) in new[] { (genesis, 1), (second, 2) })
        {
            Assert.Equal(DocRaw(doc, n), Convert.ToHexStringLower(e.Raw));
            Assert.Equal(DocAfter(doc, n, "id"), e.Id.ToHex());
            Assert.Equal(DocAfter(doc, n, "signature"), Convert.ToHexStringLower(e.Signature));
        }
    }

    [Fact]
    public void The_documented_bytes_decode_verify_and_validate()
    {
        var doc = Doc();
        var validator = new EventValidator(KindRegistry.CreateWithCoreKinds());
        foreach (var n in new[] { 1, 2 })
        {
            var raw = Convert.FromHexString(DocRaw(doc, n));
            var e = validator.Check(raw, expectedAssembly: null, out var rejection);
            Assert.Null(rejection);
            Assert.Equal(DocAfter(doc, n, "id"), e!.Id.ToHex());
            Assert.Equal(n, e.Seq);
        }
    }

    [Fact]
    public void Encoding_round_trips_for_arbitrary_fields()
    {
        using var key = AuthorKeyPair.Generate();
        CsCheck.Gen.Select(CsCheck.Gen.Long[1, long.MaxValue], CsCheck.Gen.Long, CsCheck.Gen.String[CsCheck.Gen.Char.AlphaNumeric, 0, 200], CsCheck.Gen.Int)
            .Sample((seq, time, text, prev) =>
            {
                var prevId = seq == 1 ? Bytes32.Zero : EventEncoding.IdOf(BitConverter.GetBytes(prev));
                var body = System.Text.Encoding.UTF8.GetBytes($"{{\"t\":\"{text}\"}}");
                var e = EventSigner.Sign(new AssemblyId(1, 2), key, seq, prevId, time, "Note", body);
                Assert.True(EventEncoding.TryDecode((byte[])e.Raw.Clone(), out var back, out _));
                Assert.Equal((e.Seq, e.AuthorTimeMs, e.Prev, e.Id, e.Kind), (back.Seq, back.AuthorTimeMs, back.Prev, back.Id, back.Kind));
                Assert.True(back.Body.Span.SequenceEqual(body));
                Assert.True(SignatureVerifier.Verify(back.Author, back.SignedBytes, back.Signature));
            }, iter: 200);
    }
}
