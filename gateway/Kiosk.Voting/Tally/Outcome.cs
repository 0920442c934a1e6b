namespace Kiosk.Voting.Tally;

/// <summary>Either a value or the <see cref="TallyError"/> that prevented it; never both.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Success/Failure factories belong to the result type, as in Nullable<T>.")]
public readonly record struct Outcome<T>
{
    private Outcome(T? value, TallyError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, when <see cref="Ok"/>.</summary>
    public T? Value { get; }

    /// <summary>The reason there is no value, when not <see cref="Ok"/>.</summary>
    public TallyError? Error { get; }

    /// <summary>True when there is a value.</summary>
    public bool Ok => Error is null;

    /// <summary>A successful outcome.</summary>
    public static Outcome<T> Success(T value) => new(value, null);

    /// <summary>A failed outcome with its reason.</summary>
    public static Outcome<T> Failure(TallyError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>A failed outcome with a message and an optional position.</summary>
    public static Outcome<T> Failure(string message, int? line = null, int? column = null) => new(default, new TallyError(message, null, line, column));

    /// <summary>Implicit success.</summary>
    public static implicit operator Outcome<T>(T value) => Success(value);

    /// <summary>Implicit failure.</summary>
    public static implicit operator Outcome<T>(TallyError error) => Failure(error);

    /// <summary>The value, or an exception when there is none (for callers that already checked <see cref="Ok"/>).</summary>
    public T Unwrap() => Ok ? Value! : throw new InvalidOperationException(Error!.ToString());
}
