using System.Diagnostics;

namespace Kiosk.Devices.Tests.Support;

/// <summary>Samples this process's working set every 100 ms until stopped and keeps the highest value seen.</summary>
public sealed class PeakMemory
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peak;

    public PeakMemory()
    {
        _sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                process.Refresh();
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), process.WorkingSet64));
            }
            while (await Ticked(every, _stop.Token));
        });
    }

    private static async Task<bool> Ticked(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public void Stop()
    {
        _stop.Cancel();
        _sampler.Wait();
        _stop.Dispose();
    }
}
