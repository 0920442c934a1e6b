namespace Kiosk.Firmware.Tests;

/// <summary>
/// The firmware's shared logic compiles against nanoFramework's real mscorlib.dll: this catches the members nanoFramework
/// lacks (Math.Min, string.Join, char.IsDigit, …), which the syntax-only subset checker cannot see.
/// </summary>
public sealed class NanoFrameworkCompileTests
{
    [Fact]
    public void The_shared_firmware_logic_compiles_against_nanoFrameworks_mscorlib()
    {
        var sources = Directory.GetFiles(Path.Combine(Repo.Firmware, "Kiosk.Button"), "*.cs").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Repo.Root, f), File.ReadAllText(f))).ToList();
        Assert.True(sources.Count >= 15, $"expected the firmware sources, found {sources.Count}");

        var errors = NanoCompiler.Errors(sources);

        Assert.True(errors.Count == 0, "the firmware does not compile for nanoFramework:\n" + string.Join("\n", errors));
    }

    [Theory]
    [InlineData("int M(int a, int b) { return Math.Min(a, b); }", "Math")]
    [InlineData("string M(string[] parts) { return string.Join(\",\", parts); }", "Join")]
    [InlineData("bool M(char c) { return char.IsDigit(c); }", "IsDigit")]
    [InlineData("string M(byte[] data) { return Convert.ToHexString(data); }", "ToHexString")]
    [InlineData("long M() { return Environment.TickCount64; }", "Environment")]
    [InlineData("bool M(string s) { return s.Contains('x'); }", "'char' to 'string'")]
    // nanoFramework's mscorlib has no Math or Environment class at all, and string.Contains takes only a string.
    public void A_member_nanoFramework_lacks_fails_to_compile(string member, string expected)
    {
        var source = "using System; namespace N { public class A { public " + member + " } }";

        var errors = NanoCompiler.Errors([("sample.cs", source)]);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void What_the_firmware_uses_from_the_stubbed_libraries_compiles()
    {
        const string source = """
            using System; using System.Collections; using System.Text;
            namespace N { public class A {
              public string M(string s) { Hashtable map = new Hashtable(); map["k"] = s; ArrayList list = new ArrayList(); list.Add(s);
                StringBuilder b = new StringBuilder(); b.Append((string)map["k"]).Append(','); byte[] bytes = Encoding.UTF8.GetBytes(b.ToString());
                return bytes.Length.ToString("D") + list.Count.ToString(); } } }
            """;

        Assert.Empty(NanoCompiler.Errors([("good.cs", source)]));
    }
}
