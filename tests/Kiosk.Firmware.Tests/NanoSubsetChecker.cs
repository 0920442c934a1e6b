using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Kiosk.Firmware.Tests;

/// <summary>
/// Finds what .NET nanoFramework 1.x cannot compile or run in C# source (docs/conventions.md, "The firmware subset"), from
/// Roslyn's syntax tree: generics, async/await and Task, LINQ, System.Text.Json, multidimensional arrays, tuples,
/// records, nullable value types, spans/stackalloc, number formats other than D/F/G/N/X, and Enum.ToString for text.
/// </summary>
public static class NanoSubsetChecker
{
    private static readonly string[] ForbiddenNamespaces =
        ["System.Linq", "System.Text.Json", "System.Threading.Tasks", "System.Collections.Generic", "System.Buffers", "System.Memory"];

    private static readonly string[] ForbiddenTypes = ["Task", "ValueTask", "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory", "JsonSerializer", "JsonDocument", "Enumerable", "dynamic"];

    /// <summary>Every problem in <paramref name="source"/> as "file(line): what".</summary>
    public static List<string> Check(string source, string file)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var problems = new List<string>();
        void Add(SyntaxNode node, string what) =>
            problems.Add($"{file}({node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}): {what}");

        foreach (var d in tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            problems.Add($"{file}: does not parse: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");

        foreach (var node in tree.GetRoot().DescendantNodesAndSelf())
        {
            switch (node)
            {
                case UsingDirectiveSyntax u when u.Name is { } name && ForbiddenNamespaces.Any(ns => name.ToString() == ns || name.ToString().StartsWith(ns + ".", StringComparison.Ordinal)):
                    Add(node, $"uses namespace {name}, which nanoFramework lacks");
                    break;
                case TypeParameterListSyntax:
                    Add(node, "declares a generic type or method (nanoFramework 1.x has no generics)");
                    break;
                case GenericNameSyntax g:
                    Add(node, $"uses generic type or method {g} (nanoFramework 1.x has no generics)");
                    break;
                case MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.AsyncKeyword):
                case LocalFunctionStatementSyntax l when l.Modifiers.Any(SyntaxKind.AsyncKeyword):
                case AnonymousFunctionExpressionSyntax a when a.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                    Add(node, "is async (nanoFramework has no async/await)");
                    break;
                case AwaitExpressionSyntax:
                    Add(node, "awaits (nanoFramework has no async/await)");
                    break;
                case QueryExpressionSyntax:
                    Add(node, "is a LINQ query (nanoFramework has no LINQ)");
                    break;
                case IdentifierNameSyntax id when ForbiddenTypes.Contains(id.Identifier.ValueText) && !(node.Parent is MemberAccessExpressionSyntax access && access.Name == node):
                    Add(node, $"uses {id.Identifier.ValueText}, which nanoFramework lacks");
                    break;
                case ArrayRankSpecifierSyntax r when r.Rank > 1:
                    Add(node, "declares a multidimensional array (not in nanoFramework; use jagged arrays)");
                    break;
                case TupleTypeSyntax or TupleExpressionSyntax:
                    Add(node, "uses a tuple (ValueTuple is generic)");
                    break;
                case RecordDeclarationSyntax:
                    Add(node, "declares a record (needs IEquatable<T>)");
                    break;
                case NullableTypeSyntax nt when nt.ElementType is PredefinedTypeSyntax p && !p.Keyword.IsKind(SyntaxKind.StringKeyword) && !p.Keyword.IsKind(SyntaxKind.ObjectKeyword):
                    Add(node, $"uses nullable value type {nt} (Nullable<T> is generic)");
                    break;
                case StackAllocArrayCreationExpressionSyntax:
                    Add(node, "uses stackalloc");
                    break;
                case InvocationExpressionSyntax inv when inv.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" } && inv.ArgumentList.Arguments.Count >= 1
                    && inv.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax lit && lit.IsKind(SyntaxKind.StringLiteralExpression)
                    && (lit.Token.ValueText.Length == 0 || !"DFGNXdfgnx".Contains(lit.Token.ValueText[0], StringComparison.Ordinal)):
                    Add(node, $"formats with \"{lit.Token.ValueText}\" (nanoFramework supports D, F, G, N and X only)");
                    break;
                case InvocationExpressionSyntax inv when inv.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetName" or "GetNames" or "Parse" or "TryParse", Expression: var target } && target.ToString() is "Enum" or "System.Enum":
                    Add(node, "uses Enum names (nanoFramework's enums print as numbers: use string constants for protocol text)");
                    break;
            }
        }
        return problems;
    }
}
