using Kiosk.Gateway.Host;

namespace Kiosk.Gateway.Web;

/// <summary>
/// The kiosk's receipt printer: a small ESC/POS thermal printer whose device file (<c>/dev/usb/lp0</c>) the gateway
/// writes print jobs to (<see cref="GatewayOptions.PrinterPath"/>, <c>--printer</c>). Without one nothing prints and
/// the receipt screen asks the resident to write the tracker down.
/// </summary>
public sealed class ReceiptPrinter(GatewayOptions options) : IDisposable
{
    // One job at a time: two kiosks' receipts must never interleave on the paper.
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Whether a printer is configured.</summary>
    public bool Configured => !string.IsNullOrEmpty(options.PrinterPath);

    /// <summary>Writes <paramref name="job"/> to the printer; null when it was written, else why not (no paper path, unplugged, no permission).</summary>
    public async Task<string?> PrintAsync(byte[] job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!Configured) return "no printer is configured";
        await _one.WaitAsync(cancellationToken);
        try
        {
            // The device must exist (a printer is plugged in); a plain file stands in for it in tests, appended to.
            await using var device = new FileStream(options.PrinterPath!, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1, FileOptions.Asynchronous);
            if (device.CanSeek) device.Seek(0, SeekOrigin.End);
            await device.WriteAsync(job, cancellationToken);
            await device.FlushAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the printer at {options.PrinterPath} cannot be written: {e.Message}";
        }
        finally
        {
            _one.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _one.Dispose();
}
