using System.Xml.Linq;

namespace Kiosk.Firmware.Tests;

/// <summary>The firmware compiles for nanoFramework 1.x only if it keeps to the subset; this test is what keeps it there.</summary>
public sealed class NanoFrameworkSubsetTests
{
    [Fact]
    public void Every_firmware_source_uses_only_what_nanoFramework_has()
    {
        var sources = Repo.FirmwareSources().ToList();
        Assert.True(sources.Count >= 15, $"expected the firmware sources, found {sources.Count}");
        var problems = sources.SelectMany(f => NanoSubsetChecker.Check(File.ReadAllText(f), Path.GetRelativePath(Repo.Root, f))).ToList();

        Assert.True(problems.Count == 0, "firmware uses what nanoFramework lacks:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("using System.Collections.Generic; class A { }", "System.Collections.Generic")]
    [InlineData("class A { System.Collections.Generic.List<int> x; }", "generic type")]
    [InlineData("class A<T> { }", "declares a generic")]
    [InlineData("class A { void M<T>() { } }", "declares a generic")]
    [InlineData("class A { async void M() { } }", "is async")]
    [InlineData("class A { void M(System.Threading.Tasks.Task t) { } }", "uses Task")]
    [InlineData("using System.Linq; class A { }", "System.Linq")]
    [InlineData("class A { object M(int[] a) => from x in a select x; }", "LINQ query")]
    [InlineData("using System.Text.Json; class A { }", "System.Text.Json")]
    [InlineData("class A { int[,] grid; }", "multidimensional")]
    [InlineData("class A { (int, int) M() => (1, 2); }", "tuple")]
    [InlineData("record A(int X);", "record")]
    [InlineData("class A { int? x; }", "nullable value type")]
    [InlineData("class A { string M(double d) => d.ToString(\"E3\"); }", "formats with \"E3\"")]
    [InlineData("class A { string M(System.DayOfWeek d) => System.Enum.GetName(typeof(System.DayOfWeek), d); }", "Enum names")]
    public void The_checker_catches_what_nanoFramework_lacks(string source, string expected)
    {
        var problems = NanoSubsetChecker.Check(source, "sample.cs");

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_checker_lets_the_subset_through()
    {
        const string source = """
            using System; using System.Collections; using System.Text;
            namespace N { public class A { private readonly ArrayList _list = new ArrayList(); private Hashtable _map;
              public string M(int n, double d) { lock (_list) { _list.Add(n); } return $"{n} {d.ToString("F2")} {n.ToString("X4")}"; } } }
            """;

        Assert.Empty(NanoSubsetChecker.Check(source, "good.cs"));
    }

    [Fact]
    public void The_device_project_compiles_every_shared_source_and_names_the_packages_from_nanoframework_props()
    {
        var nfproj = XDocument.Load(Path.Combine(Repo.Firmware, "Kiosk.Button.Device", "Kiosk.Button.Device.nfproj"));
        var compiled = nfproj.Descendants().Where(e => e.Name.LocalName == "Compile").Select(e => e.Attribute("Include")!.Value.Replace('\\', '/')).ToHashSet();
        foreach (var shared in Directory.GetFiles(Path.Combine(Repo.Firmware, "Kiosk.Button"), "*.cs"))
            Assert.Contains("../Kiosk.Button/" + Path.GetFileName(shared), compiled);
        foreach (var own in Directory.GetFiles(Path.Combine(Repo.Firmware, "Kiosk.Button.Device"), "*.cs"))
            Assert.Contains(Path.GetFileName(own), compiled);

        var props = File.ReadAllText(Path.Combine(Repo.Root, "nanoframework.props"));
        var packages = File.ReadAllText(Path.Combine(Repo.Firmware, "Kiosk.Button.Device", "packages.config"));
        foreach (var (package, property) in new[] { ("nanoFramework.CoreLibrary", "NanoCoreLibraryVersion"), ("nanoFramework.System.Device.Gpio", "NanoGpioVersion"), ("nanoFramework.M2Mqtt", "NanoM2MqttVersion") })
        {
            var version = System.Text.RegularExpressions.Regex.Match(props, $"<{property}>([^<]+)</{property}>").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(version), $"{property} missing from nanoframework.props");
            Assert.Contains($"<package id=\"{package}\" version=\"{version}\"", packages, StringComparison.Ordinal);
        }
        // The firmware parses its JSON with its own FlatJson; nanoFramework.Json would only cost flash.
        Assert.DoesNotContain("nanoFramework.Json", packages, StringComparison.Ordinal);
        Assert.DoesNotContain("nanoFramework.Json", File.ReadAllText(Path.Combine(Repo.Firmware, "Kiosk.Button.Device", "Kiosk.Button.Device.nfproj")), StringComparison.Ordinal);
    }
}
