using BenchmarkDotNet.Attributes;
using Kiosk.Ledger;

namespace Kiosk.Benchmarks.Ledger;

/// <summary>The per-event CPU cost of the ledger: signing an event (encode, Ed25519, id) and checking a received one.</summary>
[MemoryDiagnoser]
public class SignAndVerifyBenchmarks
{
    private AuthorKeyPair _key = null!;
    private AssemblyId _assembly;
    private LedgerEvent _event = null!;
    private EventValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = AuthorKeyPair.Generate();
        _assembly = AssemblyId.Derive(_key.PublicKey, new byte[16]);
        _event = EventSigner.Sign(_assembly, _key, 2, new Bytes32(0, 0, 0, 1), 1_700_000_000_000, LedgerBenchmarkData.Note, LedgerBenchmarkData.NoteBody);
        _validator = new EventValidator(LedgerBenchmarkData.Options().Kinds);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    /// <summary>Lays out, signs and decodes one event (what the writer does per append).</summary>
    [Benchmark]
    public LedgerEvent Sign() => EventSigner.Sign(_assembly, _key, 2, _event.Prev, 1_700_000_000_000, LedgerBenchmarkData.Note, LedgerBenchmarkData.NoteBody);

    /// <summary>The Ed25519 signature check alone.</summary>
    [Benchmark]
    public bool VerifySignature() => SignatureVerifier.Verify(_event.Author, _event.SignedBytes, _event.Signature);

    /// <summary>Every stateless check of a received event: decode, id, kind, signature, body.</summary>
    [Benchmark]
    public LedgerEvent? CheckReceived() => _validator.Check(_event.Raw, _assembly, out _);
}
