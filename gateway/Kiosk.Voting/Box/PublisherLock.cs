namespace Kiosk.Voting.Box;

/// <summary>
/// Lets one process at a time publish from a ballot-box queue (a gateway key may be used by the running gateway and by
/// <c>kiosk vote</c> at once): an exclusive lock on a file beside the queue, which the system releases if the process dies.
/// </summary>
internal static class PublisherLock
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    /// <summary>Takes the lock at <paramref name="path"/>, waiting while another process holds it.</summary>
    public static async Task<IDisposable> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Linux; closing the stream, or dying, releases it.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < Wait)
            {
                await Task.Delay(Retry, cancellationToken);
            }
        }
    }
}
