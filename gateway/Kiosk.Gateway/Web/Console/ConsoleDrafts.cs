using Kiosk.Gateway.Data;

namespace Kiosk.Gateway.Web.Console;

/// <summary>Ballots being written in the console, kept as ballot files in <c>DATA/drafts/</c> until published.</summary>
public static class ConsoleDrafts
{
    /// <summary>The drafts folder.</summary>
    public static string Folder(DataFolder data) => Path.Combine(data?.Root.FullName ?? throw new ArgumentNullException(nameof(data)), "drafts");

    /// <summary>Draft ids.</summary>
    public static IReadOnlyList<string> List(DataFolder data) =>
        Directory.Exists(Folder(data)) ? [.. Directory.EnumerateFiles(Folder(data), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)] : [];

    /// <summary>A draft's text, or null.</summary>
    public static string? Read(DataFolder data, string id) =>
        Kiosk.Voting.Ballots.BallotIds.Check("id", id) is null && File.Exists(PathOf(data, id)) ? File.ReadAllText(PathOf(data, id)) : null;

    /// <summary>Saves a draft (its id was checked by the ballot reader).</summary>
    public static void Save(DataFolder data, string id, string text)
    {
        Directory.CreateDirectory(Folder(data));
        File.WriteAllText(PathOf(data, id), text);
    }

    /// <summary>Removes a draft once published.</summary>
    public static void Remove(DataFolder data, string id)
    {
        if (File.Exists(PathOf(data, id))) File.Delete(PathOf(data, id));
    }

    private static string PathOf(DataFolder data, string id) => Path.Combine(Folder(data), id + ".yaml");
}
