namespace Kiosk.Ledger.Bodies;

/// <summary>An event body that can say what is wrong with it beyond what its JSON shape says.</summary>
public interface ICheckedBody
{
    /// <summary>Null when well formed, else a message naming the field and the problem.</summary>
    string? Check();
}
