using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kiosk.Gateway.Web;

/// <summary>
/// Renders the page <typeparamref name="TPage"/> with parameters given as an object whose properties name them. The
/// parameters' type is a generic argument carrying its trim annotation, so their properties survive trimming and Native AOT
/// (an anonymous object handed over as <see cref="object"/> would lose them, and the page its parameters).
/// </summary>
public sealed class PageRenderer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TPage> where TPage : IComponent
{
    /// <summary>Renders the page with <paramref name="parameters"/>, answering <paramref name="status"/>.</summary>
    public IResult Render<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TParameters>(TParameters parameters, int status = StatusCodes.Status200OK)
        where TParameters : notnull
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in typeof(TParameters).GetProperties()) values[property.Name] = property.GetValue(parameters);
        return new WebPages.PageResult(new RazorComponentResult<TPage>(values) { StatusCode = status });
    }
}
