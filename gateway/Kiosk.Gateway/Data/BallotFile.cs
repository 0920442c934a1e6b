using Kiosk.Gateway.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting;
using Kiosk.Voting.Ballots;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kiosk.Gateway.Data;

/// <summary>
/// Reads a ballot file (docs/ballot-file.md): YAML (<c>.yaml</c>, <c>.yml</c>) or JSON (<c>.json</c>) with the camelCase keys
/// of <see cref="BallotDefinition"/>. YAML is turned into the same JSON first, so both are read by the one strict reader
/// the ledger uses; yes-no and consent ballots may leave out their fixed options. Every problem names the file, and the
/// line and field where it can.
/// </summary>
public static partial class BallotFile
{
    /// <summary>The options of a yes-no ballot, with English and Spanish labels.</summary>
    public static readonly BallotOption[] YesNoOptions =
    [
        new("yes", new() { ["en"] = "Yes", ["es"] = "Sí" }),
        new("no", new() { ["en"] = "No", ["es"] = "No" }),
        new("abstain", new() { ["en"] = "Abstain", ["es"] = "Abstención" }),
    ];

    /// <summary>The options of a consent ballot, with English and Spanish labels.</summary>
    public static readonly BallotOption[] ConsentOptions =
    [
        new("consent", new() { ["en"] = "Consent", ["es"] = "Consiento" }),
        new("stand-aside", new() { ["en"] = "Stand aside", ["es"] = "Me hago a un lado" }),
        new("object", new() { ["en"] = "Object", ["es"] = "Me opongo" }),
    ];

    /// <summary>
    /// The largest ballot file read, in bytes, checked before parsing: a published ballot must fit one ledger event body
    /// (48 KB), so a file five times that size holds comments and spacing enough and cannot be a real ballot.
    /// </summary>
    public const int MaxFileBytes = 256 * 1024;

    // Quoted numbers are read as numbers, so a YAML scalar (always text here) fills numeric fields.
    // The ballot's source-generated contract (no reflection) under these options.
    private static readonly JsonSerializerOptions ReadOptions = new(BodyJson.Options)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        TypeInfoResolver = VotingJson.Default,
    };

    /// <summary>Reads and checks the ballot file at <paramref name="path"/>; <see cref="UserErrorException"/> says what is wrong.</summary>
    public static BallotDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new UserErrorException($"{path}: no such ballot file");
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes) throw new UserErrorException($"{path}: the file is {length:N0} bytes; a ballot file is at most {MaxFileBytes:N0} bytes");
        var text = File.ReadAllText(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".yaml" or ".yml" => Parse(text, path, yaml: true),
            ".json" => Parse(text, path, yaml: false),
            _ => throw new UserErrorException($"{path}: a ballot file ends in .yaml, .yml or .json"),
        };
    }

    /// <summary>Reads and checks ballot text (YAML when <paramref name="yaml"/>, else JSON); <paramref name="name"/> names it in errors.</summary>
    public static BallotDefinition Parse(string text, string name, bool yaml)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Checked before any parsing: the parsers' cost grows with the text.
        if (text.Length > MaxFileBytes || System.Text.Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
            throw new UserErrorException($"{name}: the text is over {MaxFileBytes:N0} bytes, the most a ballot file may be");
        var marks = new Dictionary<string, Mark>(StringComparer.Ordinal);
        JsonNode? root;
        try
        {
            root = yaml ? FromYaml(text, marks) : JsonNode.Parse(text, documentOptions: StrictJson);
        }
        catch (YamlException e)
        {
            throw new UserErrorException($"{name}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } n ? $":{n + 1}" : "";
            throw new UserErrorException($"{name}{line}: not valid JSON: {StripPosition(e.Message)}");
        }
        catch (ArgumentException e) when (!yaml)
        {
            // A duplicate key that slipped past the reader's own check: still one sentence, never a stack trace.
            throw new UserErrorException($"{name}: not valid JSON: {e.Message}");
        }
        catch (Exception e) when (yaml && e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these instead of a YamlException on some broken flow mappings (found by fuzzing,
            // docs/quality.md): the text is still what is wrong, so the answer is still one sentence.
            throw new UserErrorException($"{name}: not valid YAML: the structure is broken (check the indentation, colons and braces)");
        }
        if (root is not JsonObject ballot) throw new UserErrorException($"{name}: a ballot file holds one mapping of fields (id, title, method, options, …)");
        FillFixedOptions(ballot);

        BallotDefinition? definition;
        try
        {
            definition = ballot.Deserialize((JsonTypeInfo<BallotDefinition>)ReadOptions.GetTypeInfo(typeof(BallotDefinition)));
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            var where = e.Path is not (null or "$") && marks.TryGetValue(e.Path, out var mark) ? $"{name}:{mark.Line}:{mark.Column}" : name;
            throw new UserErrorException($"{where}: {(field.Length > 0 ? field + ": " : "")}{Explain(e, field)}");
        }
        if (definition is null) throw new UserErrorException($"{name}: the file is empty");
        if (definition.Check() is { } problem) throw new UserErrorException($"{name}: {problem}");
        // Here and not in Check: a replica must still accept a ballot already in the ledger, written before this rule.
        if (Kiosk.Voting.Ballots.Confusables.FindLookAlikes(definition.Options) is { } lookAlikes) throw new UserErrorException($"{name}: {lookAlikes}");
        return definition;
    }

    /// <summary>
    /// Why a ballot cannot be published at <paramref name="now"/> because its scheduled close has already passed (it would be
    /// closed the moment it is opened), or null. Checked where a ballot is published, not in <see cref="Parse"/>: a
    /// replica reading an old ballot from the ledger must still accept it.
    /// </summary>
    public static string? ClosedAlready(BallotDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.ClosesAt is { } closes && closes <= now
            ? $"closesAt {closes.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z is already past (now {now.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z); give a later time or leave closesAt out"
            : null;
    }

    /// <summary>A yes-no or consent ballot without options gets the method's fixed ones.</summary>
    private static void FillFixedOptions(JsonObject ballot)
    {
        if (ballot["options"] is not null) return;
        var options = (ballot["method"] as JsonValue)?.ToString() switch
        {
            "yes-no" => YesNoOptions,
            "consent" => ConsentOptions,
            _ => null,
        };
        if (options is not null) ballot["options"] = JsonSerializer.SerializeToNode(options, VotingJson.Default.BallotOptionArray);
    }

    // A key given twice is refused rather than the last one silently winning.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    /// <summary>YAML to JSON: mappings to objects, sequences to arrays; plain true/false/null to JSON's, every other scalar to text.</summary>
    private static JsonNode? FromYaml(string text, Dictionary<string, Mark> marks)
    {
        RefuseAnchors(text);
        var stream = new YamlStream();
        using (var reader = new StringReader(text)) stream.Load(reader);
        if (stream.Documents.Count == 0) return null;
        if (stream.Documents.Count > 1) throw new YamlException(stream.Documents[1].RootNode.Start, stream.Documents[1].RootNode.End, "a ballot file holds one document");
        return Convert(stream.Documents[0].RootNode, "$", marks);
    }

    /// <summary>
    /// Refuses anchors and aliases before the document is built: an alias shares its anchor's node, so a few hundred bytes
    /// of nested aliases expand into gigabytes when converted ("billion laughs"). Ballot files never need them.
    /// </summary>
    private static void RefuseAnchors(string text)
    {
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    throw new YamlException(alias.Start, alias.End, $"aliases (*{alias.Value}) are not allowed in ballot files: write the value out");
                case YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } node:
                    throw new YamlException(node.Start, node.End, $"anchors (&{node.Anchor}) are not allowed in ballot files: write the value out");
            }
        }
    }

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, Mark> marks)
    {
        marks[path] = node.Start;
        switch (node)
        {
            case YamlMappingNode mapping:
            {
                var o = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw new YamlException(key.Start, key.End, "keys are plain names");
                    if (o.ContainsKey(name)) throw new YamlException(key.Start, key.End, $"'{name}' appears twice");
                    var childPath = path + "." + name;
                    marks[childPath] = key.Start;
                    o[name] = Convert(value, childPath, marks);
                    marks[childPath] = key.Start;
                }
                return o;
            }
            case YamlSequenceNode sequence:
            {
                var a = new JsonArray();
                var i = 0;
                foreach (var item in sequence.Children) a.Add(Convert(item, $"{path}[{i++}]", marks));
                return a;
            }
            case YamlScalarNode scalar when scalar.Style is ScalarStyle.Plain:
                return scalar.Value switch
                {
                    null or "" or "~" or "null" => null,
                    "true" => JsonValue.Create(true),
                    "false" => JsonValue.Create(false),
                    var v => JsonValue.Create(v),
                };
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value ?? "");
            default:
                throw new YamlException(node.Start, node.End, "aliases and tags are not used in ballot files");
        }
    }

    /// <summary>"$.options[0].label" → "options[0].label".</summary>
    private static string FieldOf(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Explain(JsonException e, string field)
    {
        var message = StripPosition(e.Message);
        if (UnknownMember().Match(message) is { Success: true } unknown)
            return $"'{unknown.Groups[1].Value}' is not a ballot field (see docs/ballot-file.md)";
        if (MissingMembers().Match(message) is { Success: true } missing)
            return $"missing required field(s) {missing.Groups[1].Value}";
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return "this value has the wrong type (expected " + ExpectedType(MemberType(field)?.FullName ?? message) + ")";
        return message;
    }

    // A member read through the ballot's constructor (one with a default) is reported as the ballot's type, not its own:
    // the contract says which type the member has.
    private static Type? MemberType(string field) =>
        ReadOptions.GetTypeInfo(typeof(BallotDefinition)).Properties.FirstOrDefault(p => p.Name == field)?.PropertyType;

    private static string ExpectedType(string message)
    {
        if (message.Contains("System.Int32", StringComparison.Ordinal) || message.Contains("System.Decimal", StringComparison.Ordinal)) return "a number";
        if (message.Contains("System.Boolean", StringComparison.Ordinal)) return "true or false";
        if (message.Contains("DateTimeOffset", StringComparison.Ordinal)) return "a date and time such as 2025-06-01T20:00:00Z";
        if (message.Contains("Dictionary", StringComparison.Ordinal)) return "texts by language, such as en: …";
        if (message.Contains("[]", StringComparison.Ordinal)) return "a list";
        return "text";
    }

    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (at < 0) at = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).Trim();
    }

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("missing required properties,? including:? (.+?)\\.?$")]
    private static partial Regex MissingMembers();
}
