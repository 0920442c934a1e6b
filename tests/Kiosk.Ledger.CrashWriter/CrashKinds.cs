namespace Kiosk.Ledger.CrashWriter;

/// <summary>The kinds the crash writer appends: the core kinds plus "Note", a plain kind facilitators and gateways write.</summary>
public static class CrashKinds
{
    /// <summary>The plain kind most appends use (authority kinds are mixed in now and then).</summary>
    public const string Note = "Note";

    /// <summary>The registry both the writer and the test that reopens its ledger use.</summary>
    public static KindRegistry Create()
    {
        var kinds = KindRegistry.CreateWithCoreKinds();
        kinds.Add(new KindRule(Note, Role.Facilitator | Role.Gateway, IsAuthority: false,
            body => body.Length > 2 && body.Span[0] == (byte)'{' ? null : "a note is a JSON object"));
        return kinds;
    }
}
