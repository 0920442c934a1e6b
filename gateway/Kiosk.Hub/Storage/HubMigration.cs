namespace Kiosk.Hub.Storage;

/// <summary>One numbered step of the hub database's schema.</summary>
/// <param name="Version">Its number: 1, 2, 3…</param>
/// <param name="Description">What it does, kept in <c>schema_migrations</c>.</param>
/// <param name="Sql">The statements, run in one transaction.</param>
internal sealed record HubMigration(int Version, string Description, string Sql);
