using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Wharf.Kube.Fake;

/// <summary>
/// Converts YAML documents to JSON nodes with YAML 1.2 core-schema typing of plain scalars
/// (quoted scalars stay strings), which is how the API server reads manifests.
/// </summary>
public static class YamlJson
{
    /// <summary>Every document of a YAML stream as JSON; throws <see cref="FormatException"/> on bad input.</summary>
    /// <param name="yaml">The YAML text.</param>
    public static IReadOnlyList<JsonNode?> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"invalid YAML: {e.Message}", e);
        }

        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    /// <summary>The single document of a YAML text as JSON.</summary>
    /// <param name="yaml">The YAML text.</param>
    public static JsonNode? Parse(string yaml)
    {
        var documents = ParseAll(yaml);
        if (documents.Count != 1)
        {
            throw new FormatException($"expected exactly one YAML document, found {documents.Count}");
        }

        return documents[0];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMap(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new FormatException($"unsupported YAML node at {node.Start}"),
    };

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : throw new FormatException($"non-scalar key at {key.Start}");
            if (result.ContainsKey(name))
            {
                throw new FormatException($"duplicate key \"{name}\" at {key.Start}");
            }

            result[name] = Convert(value);
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (LooksLikeFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    private static bool LooksLikeFloat(string text) =>
        text.Length > 0 && (char.IsDigit(text[0]) || text[0] is '-' or '+' or '.') && text.Any(char.IsDigit) &&
        text.All(c => char.IsDigit(c) || c is '.' or 'e' or 'E' or '-' or '+');
}
