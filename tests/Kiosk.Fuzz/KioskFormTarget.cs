using Kiosk.Gateway.Web;
using Kiosk.Voting.Ballots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kiosk.Fuzz;

/// <summary>
/// A posted kiosk form (<c>application/x-www-form-urlencoded</c>), bound as the kiosk's endpoints bind it: read by
/// ASP.NET Core's form reader with its default limits (going over one is its <see cref="InvalidDataException"/>, which
/// the host answers with a 400 or 413), then <see cref="KioskForm.From"/>, the visit's language and size, and the typed
/// voter code.
/// </summary>
public sealed class KioskFormTarget : IFuzzTarget
{
    private readonly TextCatalog _catalog = TextCatalog.Load();

    /// <inheritdoc />
    public string Name => "form";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        using var stream = new MemoryStream(input, writable: false);
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
        try
        {
            using var reader = new FormReader(stream);
            fields = reader.ReadFormAsync().GetAwaiter().GetResult();
        }
        catch (InvalidDataException)
        {
            return;
        }
        var collection = new FormCollection(fields);
        var form = KioskForm.From(collection);
        var visit = KioskVisit.Start(collection["lang"].LastOrDefault(), collection["size"].LastOrDefault(), _catalog);
        if (!_catalog.Languages.Contains(visit.Lang) || !KioskVisit.Sizes.Contains(visit.Size)) throw new InvalidOperationException("a visit started in an unknown language or size");
        var code = VoterCode.Normalize(form.Code, out var problem);
        if ((code is null) == (problem is null)) throw new InvalidOperationException("a code must be either read or refused with a reason");
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
