using System.Text;
using Kiosk.Voting.Tally;

namespace Kiosk.Fuzz;

/// <summary>
/// The readers of <c>kiosk tally</c>'s input files. The first byte picks the reader (<c>B</c> BLT, <c>P</c> Pabulib,
/// <c>R</c> ranked CSV, anything else choice CSV) and the rest is the file, so one fuzzing run covers all four and
/// afl++ moves inputs between them. Errors are <see cref="Outcome{T}"/> results: any exception is a bug.
/// </summary>
public sealed class TallyFileTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "tally";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length == 0) return;
        var text = Encoding.UTF8.GetString(input, 1, input.Length - 1);
        var error = input[0] switch
        {
            (byte)'B' => BltReader.Read(text).Error,
            (byte)'P' => PabulibReader.Read(text).Error,
            (byte)'R' => RankedCsvReader.Read(text).Error,
            _ => ChoiceCsvReader.Read(text).Error,
        };
        if (error is not null && string.IsNullOrWhiteSpace(error.Message)) throw new InvalidOperationException("a refusal without a reason");
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
