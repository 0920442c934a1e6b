using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Kiosk.Gateway.Audio;

/// <summary>
/// Text to speech, offline: Debian's espeak-ng renders a text in a voice at a speed into a WAV clip (16-bit mono PCM),
/// kept in a <see cref="SpeechCache"/>. The text goes to espeak-ng on its standard input, never on a command line (which
/// other users of the machine could read in the process list) and never into a log: it may be a resident's choice.
/// </summary>
public sealed class SpeechSynthesizer(AudioOptions options) : IDisposable
{
    /// <summary>Longest text spoken as one clip.</summary>
    public const int MaxTextLength = 600;

    /// <summary>Longest espeak-ng may take for one clip before the kiosk gives up on it.</summary>
    public static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(20);

    private const int RiffHeaderLength = 44;

    // Two at a time: a kiosk gateway has few cores, and one resident hears one clip at a time anyway.
    private readonly SemaphoreSlim _renderers = new(2, 2);

    /// <summary>The clips rendered so far.</summary>
    public SpeechCache Cache { get; } = new();

    /// <summary>The options speech follows.</summary>
    public AudioOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// The WAV clip of <paramref name="text"/> in espeak-ng voice <paramref name="voice"/> at <paramref name="rate"/>
    /// words per minute, or a reason it cannot be made (espeak-ng missing or failing: a broken installation).
    /// </summary>
    public async Task<(byte[]? Wave, string? Problem)> SpeakAsync(string text, string voice, int rate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(voice);
        if (Cache.Find(voice, rate, text) is { } cached) return (cached, null);
        await _renderers.WaitAsync(cancellationToken);
        try
        {
            if (Cache.Find(voice, rate, text) is { } again) return (again, null);
            var start = new ProcessStartInfo(Options.Espeak)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardInputEncoding = new UTF8Encoding(false),
            };
            foreach (var argument in new[] { "-v", voice, "-s", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "1", "--stdout" })
                start.ArgumentList.Add(argument);
            Process? espeak;
            try
            {
                espeak = Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (null, $"{Options.Espeak} cannot be started ({e.Message}): install the Debian package espeak-ng");
            }
            if (espeak is null) return (null, $"{Options.Espeak} cannot be started");
            using (espeak)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RenderTimeout);
                try
                {
                    var output = new MemoryStream();
                    var reading = espeak.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
                    var errors = espeak.StandardError.ReadToEndAsync(timeout.Token);
                    await espeak.StandardInput.WriteAsync(text.AsMemory(), timeout.Token);
                    espeak.StandardInput.Close();
                    await reading;
                    await espeak.WaitForExitAsync(timeout.Token);
                    var problem = await errors;
                    var wave = output.ToArray();
                    if (espeak.ExitCode != 0 || wave.Length <= RiffHeaderLength)
                        return (null, $"{Options.Espeak} made no speech for voice {voice} (exit {espeak.ExitCode}{(problem.Length > 0 ? ": " + problem.Trim() : "")})");
                    FixSizes(wave);
                    Cache.Add(voice, rate, text, wave);
                    return (wave, null);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    espeak.Kill(entireProcessTree: true);
                    return (null, $"{Options.Espeak} took longer than {RenderTimeout.TotalSeconds:0} s");
                }
                catch (OperationCanceledException)
                {
                    espeak.Kill(entireProcessTree: true);
                    throw;
                }
            }
        }
        finally
        {
            _renderers.Release();
        }
    }

    /// <summary>
    /// Writes the real lengths into a WAV's RIFF and data chunk headers: espeak-ng writing to a pipe cannot seek back,
    /// so it leaves 0x7FFFFFFF there, and players then report no length at all.
    /// </summary>
    internal static void FixSizes(byte[] wave)
    {
        if (wave.Length < RiffHeaderLength || !wave.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !wave.AsSpan(36, 4).SequenceEqual("data"u8)) return;
        BinaryPrimitives.WriteUInt32LittleEndian(wave.AsSpan(4, 4), (uint)(wave.Length - 8));
        BinaryPrimitives.WriteUInt32LittleEndian(wave.AsSpan(40, 4), (uint)(wave.Length - RiffHeaderLength));
    }

    /// <inheritdoc />
    public void Dispose() => _renderers.Dispose();
}
