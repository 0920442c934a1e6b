namespace Kiosk.Hardware;

/// <summary>
/// A matrix keypad (4×3 or 4×4) on plain GPIO lines: the rows are driven, the columns read. <see cref="Keys"/> lists the
/// key labels row by row (a 4×3 pad: "123456789*0#").
/// </summary>
public sealed record KeypadPins(IReadOnlyList<int> Rows, IReadOnlyList<int> Columns, string Keys)
{
    /// <summary>The labels of the common 4×3 telephone keypad.</summary>
    public const string Keys4x3 = "123456789*0#";

    /// <summary>The labels of the common 4×4 keypad.</summary>
    public const string Keys4x4 = "123A456B789C*0#D";

    /// <summary>The label of the key at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public char KeyAt(int row, int column) => Keys[row * Columns.Count + column];
}
