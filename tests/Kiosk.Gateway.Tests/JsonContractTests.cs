using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Kiosk.Gateway;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Tests;

/// <summary>
/// The program writes JSON without reflection (Native AOT): every <c>--json</c> output has a contract, the outputs are the
/// bytes reflection wrote, and files missing a member keep its default.
/// </summary>
public sealed class JsonContractTests
{
    // What the program wrote with before: reflection, and the --json output's settings (CliRun's, until source generation).
    private static readonly JsonSerializerOptions CliReflection = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSerializerOptions DefaultReflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void Every_command_output_has_a_contract()
    {
        var outputs = typeof(CliRun).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(CliRun).Namespace && t.IsNested && t.Name.EndsWith("Output", StringComparison.Ordinal))
            .ToList();
        Assert.True(outputs.Count >= 40, $"only {outputs.Count} output records found");
        Assert.All(outputs, t => Assert.NotNull(CliJson.Default.GetTypeInfo(t)));
    }

    [Fact]
    public void A_command_output_is_written_as_reflection_wrote_it()
    {
        var time = new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);
        var status = new StatusCommand.StatusOutput("a1", "Río <Co-op>", "ff", null,
            [new StatusCommand.MemberLine("k1", "facilitator", "Ana", null), new StatusCommand.MemberLine("k2", "gateway", "hall", 7)],
            [new StatusCommand.DeviceLine("b1", "k2", "Button", null, false)], [new StatusCommand.FeedLine("k1", 3)], 0, [],
            [new StatusCommand.EventLine("k1", 1, "e1", "AssemblyFounded", time, true, "{\"name\":\"x\"}")], null);
        var anonymous = new
        {
            assembly = "a1", name = "Río <Co-op>", stateHash = "ff", consoleCertificateSha256 = (string?)null,
            members = new[] { new { key = "k1", role = "facilitator", name = "Ana", validThroughSeq = (long?)null }, new { key = "k2", role = "gateway", name = "hall", validThroughSeq = (long?)7 } },
            devices = new[] { new { device = "b1", gateway = "k2", label = "Button", member = (string?)null, revoked = false } },
            feeds = new[] { new { author = "k1", seq = 3L } },
            pending = 0L,
            forks = Array.Empty<object>(),
            events = new[] { new { author = "k1", seq = 1L, id = "e1", kind = "AssemblyFounded", time, applied = true, body = "{\"name\":\"x\"}" } },
            mesh = (MeshStatusFile?)null,
        };
        Assert.Equal(JsonSerializer.Serialize(anonymous, CliReflection), CliRun.ToJson(status));
    }

    [Fact]
    public void A_mesh_status_file_without_its_lists_reads_them_empty()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "status.json");
        File.WriteAllText(path, """{"written":"2026-12-04T17:00:00+00:00","node":"n","stateHash":"s","peers":[]}""");
        var status = MeshStatusFile.Read(path);
        Assert.NotNull(status);
        Assert.Empty(status.Members);
        Assert.Empty(status.RolledBackFeeds);
        Assert.Equal("n", status.Node);
    }

    [Fact]
    public void The_health_answer_is_written_as_reflection_wrote_it()
    {
        var checks = new[] { new HealthCheck("ledger", true, "3 commits, 0 failed"), new HealthCheck("disk", false, "5 MB free < 100 MB") };
        var anonymous = new { status = "not ready", checks = checks.Select(c => new { name = c.Name, ok = c.Ok, detail = c.Detail }) };
        Assert.Equal(JsonSerializer.Serialize(anonymous, DefaultReflection), JsonSerializer.Serialize(new HealthAnswer("not ready", checks), GatewayJson.Compact.HealthAnswer));
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kiosk-json-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
