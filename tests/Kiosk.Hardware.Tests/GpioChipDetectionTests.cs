using Kiosk.Hardware;

namespace Kiosk.Hardware.Tests;

/// <summary>Which /dev/gpiochipN carries the header: --gpio-chip when set, else the kernel's labels, else the board model.</summary>
public sealed class GpioChipDetectionTests
{
    private static readonly Dictionary<int, string> NoLabels = [];

    [Theory]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0\0", 4)]
    [InlineData("Raspberry Pi 4 Model B Rev 1.4\0", 0)]
    [InlineData("Raspberry Pi 3 Model B Plus Rev 1.3", 0)]
    [InlineData(null, 0)]
    public void Without_labels_the_board_model_decides(string? model, int chip)
    {
        var choice = GpioChipDetection.Choose(null, model, NoLabels);

        Assert.Equal(chip, choice.Chip);
        Assert.Equal($"/dev/gpiochip{chip}", choice.DevicePath);
    }

    [Fact]
    public void A_pi_5_with_a_newer_kernel_finds_the_rp1_chip_by_its_label()
    {
        var labels = new Dictionary<int, string> { [0] = "pinctrl-rp1", [10] = "gpio-brcmstb@107d508500", [11] = "gpio-brcmstb@107d517c00" };

        var choice = GpioChipDetection.Choose(null, "Raspberry Pi 5 Model B Rev 1.0", labels);

        Assert.Equal(0, choice.Chip);
        Assert.Contains("pinctrl-rp1", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pi_5_with_its_first_kernel_finds_the_rp1_chip_on_gpiochip4()
    {
        var labels = new Dictionary<int, string> { [0] = "gpio-brcmstb@107d508500", [1] = "gpio-brcmstb@107d508520", [4] = "pinctrl-rp1\n" };

        Assert.Equal(4, GpioChipDetection.Choose(null, "Raspberry Pi 5 Model B Rev 1.0", labels).Chip);
    }

    [Fact]
    public void The_setting_wins_over_detection()
    {
        var choice = GpioChipDetection.Choose(2, "Raspberry Pi 5 Model B Rev 1.0", new Dictionary<int, string> { [4] = "pinctrl-rp1" });

        Assert.Equal(2, choice.Chip);
        Assert.Contains("--gpio-chip", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_probe_reads_labels_and_model_from_kernel_files()
    {
        using var folder = new Kiosk.Ledger.Tests.Support.TempFolder();
        foreach (var (chip, label) in new[] { (0, "gpio-brcmstb@107d508500"), (4, "pinctrl-rp1") })
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, $"gpiochip{chip}"));
            File.WriteAllText(Path.Combine(folder.Path, $"gpiochip{chip}", "label"), label + "\n");
        }
        Directory.CreateDirectory(Path.Combine(folder.Path, "gpiochipX"));

        var labels = GpioChipProbe.ReadLabels(folder.Path);

        Assert.Equal(new Dictionary<int, string> { [0] = "gpio-brcmstb@107d508500", [4] = "pinctrl-rp1" }, labels);
        Assert.Equal(4, GpioChipDetection.Choose(null, GpioChipProbe.ReadText(Path.Combine(folder.Path, "absent")), labels).Chip);
    }
}
