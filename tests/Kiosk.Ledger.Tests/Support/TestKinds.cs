namespace Kiosk.Ledger.Tests.Support;

/// <summary>The core kinds plus "Note", an ordinary (non-authority) kind that gateways and facilitators may write.</summary>
public static class TestKinds
{
    public const string Note = "Note";

    public static KindRegistry Create()
    {
        var kinds = KindRegistry.CreateWithCoreKinds();
        kinds.Add(new KindRule(Note, Role.Facilitator | Role.Gateway, IsAuthority: false,
            body => body.Length > 2 && body.Span[0] == (byte)'{' ? null : "a note is a JSON object"));
        return kinds;
    }

    public static byte[] NoteBody(string text) => System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { text }));

    public static LedgerOptions Options(TimeProvider? time = null) => new() { Kinds = Create(), Time = time ?? TimeProvider.System };
}
