using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Wharf.Cli.Deploy;

/// <summary>JSON → YAML for printed manifests (strings that YAML would read as something else are quoted).</summary>
internal static class ManifestYaml
{
    public static string Serialize(JsonNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(ToYaml(node))).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject o => new YamlMappingNode(o.Select(kv => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(kv.Key), ToYaml(kv.Value)))),
        JsonArray a => new YamlSequenceNode(a.Select(ToYaml)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new YamlScalarNode(v.GetValue<string>())
        {
            Style = NeedsQuotes(v.GetValue<string>()) ? YamlDotNet.Core.ScalarStyle.DoubleQuoted : YamlDotNet.Core.ScalarStyle.Any,
        },
        JsonValue v => new YamlScalarNode(v.ToJsonString()),
        null => new YamlScalarNode("null"),
        _ => throw new ArgumentException($"unexpected JSON node {node.GetType().Name}"),
    };

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~"
        || double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out _) || "*&!|>'\"%@`#{[-?:,".Contains(s[0], StringComparison.Ordinal);
}
