using Kiosk.Ledger.Bodies;
using Microsoft.Data.Sqlite;

namespace Kiosk.Ledger.Tests.Support;

/// <summary>
/// A ledger file authored here, as a gateway's is: the founder adds facilitator Ana, enrols a gateway and three
/// buttons (one for a seat, one revoked), and the gateway writes notes. So it has head records, members, devices and
/// feeds to tamper with. Closed after building; tests edit the file with plain SQL as someone with the SD card could.
/// </summary>
public sealed class AuthoredLedger : IDisposable
{
    private AuthoredLedger(TempFolder folder, AuthorKeyPair founder, AuthorKeyPair ana, AuthorKeyPair gateway)
    {
        Folder = folder;
        Founder = founder;
        Ana = ana;
        Gateway = gateway;
    }

    public TempFolder Folder { get; }
    public string Path => Folder.File("ledger.db");
    public string HeadRecords => Folder.File("ledger.heads");
    public AuthorKeyPair Founder { get; }
    public AuthorKeyPair Ana { get; }
    public AuthorKeyPair Gateway { get; }

    /// <summary>The raw bytes of every event the builder wrote, by (author, seq).</summary>
    public Dictionary<(Bytes32 Author, long Seq), byte[]> Raw { get; } = [];

    public static async Task<AuthoredLedger> CreateAsync(int notes = 5)
    {
        var built = new AuthoredLedger(new TempFolder(), AuthorKeyPair.Generate(), AuthorKeyPair.Generate(), AuthorKeyPair.Generate());
        await using var ledger = built.Open();
        built.Keep(await ledger.FoundAsync(built.Founder, "Tamper test assembly", ["en"]));
        built.Keep(await ledger.AppendAsync(built.Founder, EventKinds.FacilitatorAdded, BodyJson.Write(new FacilitatorAddedBody(built.Ana.PublicKey.ToHex(), "Ana"))));
        built.Keep(await ledger.AppendAsync(built.Founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(built.Gateway.PublicKey.ToHex(), "hall"))));
        var gateway = built.Gateway.PublicKey.ToHex();
        built.Keep(await ledger.AppendAsync(built.Founder, EventKinds.DeviceEnrolled, BodyJson.Write(new DeviceEnrolledBody("button-1", gateway, "Button 1"))));
        built.Keep(await ledger.AppendAsync(built.Ana, EventKinds.DeviceEnrolled, BodyJson.Write(new DeviceEnrolledBody("button-2", gateway, "Seat 2", "seat-2"))));
        built.Keep(await ledger.AppendAsync(built.Ana, EventKinds.DeviceEnrolled, BodyJson.Write(new DeviceEnrolledBody("button-3", gateway, "Button 3"))));
        built.Keep(await ledger.AppendAsync(built.Ana, EventKinds.DeviceRevoked, BodyJson.Write(new DeviceRevokedBody("button-3"))));
        for (var i = 0; i < notes; i++) built.Keep(await ledger.AppendAsync(built.Gateway, TestKinds.Note, TestKinds.NoteBody($"note {i}")));
        return built;
    }

    public Ledger Open() => Ledger.Open(Path, TestKinds.Options());

    public VerifyReport Verify() => LedgerVerifier.Verify(Path, TestKinds.Create());

    public VerifyReport Check() => LedgerIntegrity.Check(Path, TestKinds.Create());

    /// <summary>Runs SQL on the closed file; <c>$gateway</c>, <c>$ana</c> and <c>$random</c> (32 random bytes) may be used.</summary>
    public int Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$gateway", Gateway.PublicKey.ToArray());
        command.Parameters.AddWithValue("$ana", Ana.PublicKey.ToArray());
        command.Parameters.AddWithValue("$random", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return command.ExecuteNonQuery();
    }

    private void Keep(AppendResult result)
    {
        var e = result.Event ?? throw new InvalidOperationException($"the builder's append was refused: {result.Rejection}");
        Raw[(e.Author, e.Seq)] = e.Raw;
    }

    public void Dispose()
    {
        Founder.Dispose();
        Ana.Dispose();
        Gateway.Dispose();
        Folder.Dispose();
    }
}
