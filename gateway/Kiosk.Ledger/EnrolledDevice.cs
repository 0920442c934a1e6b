namespace Kiosk.Ledger;

/// <summary>A button enrolled to a gateway; <see cref="Member"/> names the member or seat for roll-call ballots.</summary>
public sealed record EnrolledDevice(string Device, Bytes32 Gateway, string Label, string? Member, bool Revoked);
