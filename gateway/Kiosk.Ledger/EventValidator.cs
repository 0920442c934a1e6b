using Kiosk.Ledger.Bodies;

namespace Kiosk.Ledger;

/// <summary>
/// The stateless checks on a received event: framing and size, assembly, known kind, signature, well-formed body,
/// and the genesis rule. They need no store, so a batch is checked in parallel before it reaches the writer;
/// feed continuity and authorisation are checked against the ledger's state by the writer.
/// </summary>
public sealed class EventValidator
{
    private readonly KindRegistry _kinds;

    /// <summary>Creates a validator that knows the kinds in <paramref name="kinds"/>.</summary>
    public EventValidator(KindRegistry kinds) => _kinds = kinds ?? throw new ArgumentNullException(nameof(kinds));

    /// <summary>Checks one event; returns the decoded event, or null with the rejection.</summary>
    public LedgerEvent? Check(byte[] raw, AssemblyId? expectedAssembly, out Rejection? rejection)
    {
        if (!EventEncoding.TryDecode(raw, out var e, out rejection)) return null;
        rejection = CheckDecoded(e, expectedAssembly, verifySignature: true);
        return rejection is null ? e : null;
    }

    /// <summary>The checks after decoding; <paramref name="verifySignature"/> is false only for events this process just signed.</summary>
    public Rejection? CheckDecoded(LedgerEvent e, AssemblyId? expectedAssembly, bool verifySignature)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (expectedAssembly is { } assembly && e.Assembly != assembly)
            return new Rejection(RejectReason.WrongAssembly, $"event {e.Id.ShortHex} belongs to assembly {e.Assembly}, not {assembly}");
        if (!_kinds.TryGet(e.Kind, out var rule))
            return new Rejection(RejectReason.UnknownKind, $"event {e.Id.ShortHex} has kind '{e.Kind}', which this gateway does not know");
        if (verifySignature && !SignatureVerifier.Verify(e.Author, e.SignedBytes, e.Signature))
            return new Rejection(RejectReason.BadSignature, $"event {e.Author.ShortHex}#{e.Seq} ({e.Id.ShortHex}): signature does not verify under its author's key");
        if (rule.CheckBody(e.Body) is { } bodyProblem)
            return new Rejection(RejectReason.MalformedBody, $"{e.Kind} {e.Author.ShortHex}#{e.Seq}: {bodyProblem}");
        if (e.Kind == EventKinds.AssemblyFounded)
        {
            if (e.Seq != 1) return new Rejection(RejectReason.BadGenesis, $"AssemblyFounded must be the first event of its feed, not #{e.Seq}");
            BodyJson.TryRead<AssemblyFoundedBody>(e.Body, out var founded, out _);
            if (AssemblyId.Derive(e.Author, Convert.FromHexString(founded.Salt)) != e.Assembly)
                return new Rejection(RejectReason.BadGenesis, $"AssemblyFounded by {e.Author.ShortHex} does not derive assembly id {e.Assembly} from its key and salt");
        }
        return null;
    }
}
