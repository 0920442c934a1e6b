namespace Kiosk.Hub.Tests.Support;

/// <summary>Tests that share one PostgreSQL server (each makes its own database on it).</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
