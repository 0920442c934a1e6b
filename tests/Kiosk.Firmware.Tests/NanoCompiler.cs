using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kiosk.Firmware.Tests;

/// <summary>
/// Compiles C# with Roslyn against the device's own mscorlib.dll from nanoFramework.CoreLibrary (<c>/nostdlib</c>), plus
/// reference stubs (NanoReferenceStubs/*.cs) for the members the firmware takes from nanoFramework.System.Text and
/// nanoFramework.System.Collections, which the build machine's package mirror does not serve. A member nanoFramework lacks
/// then fails to bind, as it would in the device build.
/// </summary>
public static class NanoCompiler
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp12);

    /// <summary>The nanoFramework mscorlib.dll the test project downloads (path baked in by the project file).</summary>
    public static string MscorlibPath { get; } =
        typeof(NanoCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NanoMscorlib").Value!;

    private static readonly Lazy<MetadataReference[]> References = new(BuildReferences);

    /// <summary>Every error of compiling <paramref name="sources"/> (path, text) as a nanoFramework library, as "file(line): CSxxxx message".</summary>
    public static List<string> Errors(IEnumerable<(string Path, string Text)> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, Parse, s.Path)).ToList();
        var compilation = CSharpCompilation.Create("Kiosk.Button.Nano", trees, References.Value, Options());
        return Describe(compilation.GetDiagnostics());
    }

    private static MetadataReference[] BuildReferences()
    {
        var mscorlib = MetadataReference.CreateFromFile(MscorlibPath);
        var stubDir = Path.Combine(Repo.Root, "tests", "Kiosk.Firmware.Tests", "NanoReferenceStubs");
        var stubs = Directory.GetFiles(stubDir, "*.cs").Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Parse, f)).ToList();
        var stubCompilation = CSharpCompilation.Create("NanoReferenceStubs", stubs, [mscorlib], Options());
        using var image = new MemoryStream();
        var emitted = stubCompilation.Emit(image);
        if (!emitted.Success)
            throw new InvalidOperationException("the reference stubs do not compile against nanoFramework's mscorlib:\n" + string.Join("\n", Describe(emitted.Diagnostics)));
        return [mscorlib, MetadataReference.CreateFromImage(image.ToArray())];
    }

    private static CSharpCompilationOptions Options() =>
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: false);

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{Path.GetFileName(d.Location.GetLineSpan().Path)}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
}
