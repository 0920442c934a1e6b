namespace Kiosk.Hub.Storage;

/// <summary>
/// The hub database's schema, as numbered migrations applied in order, each once, each in its own transaction
/// (recorded in <c>schema_migrations</c>). A migration, once released, is never edited: a change is a new one.
/// </summary>
internal static class HubMigrations
{
    /// <summary>Every migration, in order; the last one's number is the schema this program expects.</summary>
    public static IReadOnlyList<HubMigration> All { get; } =
    [
        new(1, "ledger tables keyed by assembly", """
            CREATE TABLE assemblies(
              assembly bytea PRIMARY KEY CHECK (length(assembly) = 16),
              bound boolean NOT NULL DEFAULT false,
              label text NOT NULL DEFAULT '');
            CREATE TABLE events(
              assembly bytea NOT NULL REFERENCES assemblies(assembly), author bytea NOT NULL, seq bigint NOT NULL,
              id bytea NOT NULL, kind text NOT NULL, authority boolean NOT NULL, raw bytea NOT NULL,
              PRIMARY KEY(assembly, author, seq));
            CREATE INDEX events_authority ON events(assembly, author, seq) WHERE authority;
            CREATE TABLE pending(
              assembly bytea NOT NULL REFERENCES assemblies(assembly), author bytea NOT NULL, seq bigint NOT NULL, raw bytea NOT NULL,
              PRIMARY KEY(assembly, author, seq));
            CREATE TABLE equivocations(
              assembly bytea NOT NULL REFERENCES assemblies(assembly), author bytea NOT NULL, seq bigint NOT NULL,
              id bytea NOT NULL, raw bytea NOT NULL,
              PRIMARY KEY(assembly, author, seq, id));
            CREATE TABLE feeds(
              assembly bytea NOT NULL REFERENCES assemblies(assembly), author bytea NOT NULL,
              head_seq bigint NOT NULL, head_id bytea NOT NULL,
              PRIMARY KEY(assembly, author));
            CREATE TABLE members(
              assembly bytea NOT NULL REFERENCES assemblies(assembly), key bytea NOT NULL,
              role text NOT NULL, name text NOT NULL, valid_through bigint NOT NULL,
              PRIMARY KEY(assembly, key));
            CREATE TABLE devices(
              assembly bytea NOT NULL REFERENCES assemblies(assembly), device text NOT NULL, gateway bytea NOT NULL,
              label text NOT NULL, member text, revoked boolean NOT NULL,
              PRIMARY KEY(assembly, device));
            """),
    ];

    /// <summary>The schema version this program reads and writes.</summary>
    public static int Latest => All[^1].Version;
}
