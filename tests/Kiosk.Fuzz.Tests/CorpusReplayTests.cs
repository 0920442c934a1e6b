using Kiosk.Fuzz;

namespace Kiosk.Fuzz.Tests;

/// <summary>
/// Every kept fuzzing input (seed, minimised find, former crash) runs through its target in process: an input that makes
/// a target throw fails the run. Seconds, not a fuzzing run.
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly string Corpora = Path.Combine(AppContext.BaseDirectory, "corpus");

    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_input_is_handled_without_an_exception(string name)
    {
        var files = Directory.GetFiles(Path.Combine(Corpora, name));
        Assert.NotEmpty(files);
        using var target = FuzzTargets.Create(name);
        Assert.NotNull(target);
        Assert.Empty(CorpusReplay.Run(target, files));
    }

    [Fact]
    public void Every_corpus_folder_belongs_to_a_target_and_every_target_has_one()
    {
        var folders = Directory.GetDirectories(Corpora).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void An_input_that_makes_a_target_throw_is_reported_with_its_file_and_exception()
    {
        var folder = Directory.CreateTempSubdirectory("kiosk-replay-");
        try
        {
            var good = Path.Combine(folder.FullName, "good");
            var bad = Path.Combine(folder.FullName, "bad");
            File.WriteAllBytes(good, [1]);
            File.WriteAllBytes(bad, [0]);
            using var target = new ThrowsOnZero();
            var failures = CorpusReplay.Run(target, [good, bad]);
            var failure = Assert.Single(failures);
            Assert.StartsWith("throws-on-zero/bad: System.DivideByZeroException", failure, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_target_names_are_refused()
    {
        Assert.Null(FuzzTargets.Create("no-such-target"));
    }

    /// <summary>A target with a bug: a zero byte divides by zero.</summary>
    private sealed class ThrowsOnZero : IFuzzTarget
    {
        public string Name => "throws-on-zero";

        public void Run(byte[] input) => _ = 1 / (int)input[0];

        public void Dispose()
        {
        }
    }
}
