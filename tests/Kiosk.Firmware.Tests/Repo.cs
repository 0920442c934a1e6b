namespace Kiosk.Firmware.Tests;

/// <summary>Paths in the repository (found from the test binaries upwards).</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Firmware => Path.Combine(Root, "firmware");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "nanoframework.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (with nanoframework.props) not found");
    }

    /// <summary>The sources the device build compiles: the shared logic and the device implementations.</summary>
    public static IEnumerable<string> FirmwareSources() =>
        Directory.GetFiles(Path.Combine(Firmware, "Kiosk.Button"), "*.cs").Concat(Directory.GetFiles(Path.Combine(Firmware, "Kiosk.Button.Device"), "*.cs")).Order(StringComparer.Ordinal);
}
