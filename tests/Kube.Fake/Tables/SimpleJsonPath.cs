using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// The JSONPath subset of printer columns (<see href="https://kubernetes.io/docs/reference/kubectl/jsonpath/"/>):
/// <c>.a.b</c>, <c>['a']</c>, <c>[0]</c>, <c>[*]</c> and filters <c>[?(@.type=="Ready")]</c> with <c>==</c>/<c>!=</c>.
/// No package that is served here evaluates JSONPath over System.Text.Json nodes.
/// </summary>
internal static class SimpleJsonPath
{
    public static List<JsonNode> Evaluate(JsonNode root, string path)
    {
        var current = new List<JsonNode> { root };
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var i = 0;
        while (i < text.Length && current.Count > 0)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }

                var name = text[(i + 1)..end];
                current = name.Length == 0 ? current : name == "*" ? [.. current.SelectMany(Children)] : Member(current, name);
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = Close(text, i);
                var inner = text[(i + 1)..end].Trim();
                current = Bracket(current, inner, path);
                i = end + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{text[i]}' at {i} in JSONPath '{path}'");
            }
        }

        return current;
    }

    private static List<JsonNode> Bracket(List<JsonNode> current, string inner, string path)
    {
        if (inner == "*")
        {
            return [.. current.SelectMany(Children)];
        }

        if (inner.StartsWith('\'') || inner.StartsWith('"'))
        {
            return Member(current, inner[1..^1]);
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            return [.. current.SelectMany(Children).Where(item => Filter(item, inner[2..^1], path))];
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            var result = new List<JsonNode>();
            foreach (var node in current.OfType<JsonArray>())
            {
                var at = index < 0 ? node.Count + index : index;
                if (at >= 0 && at < node.Count && node[at] is { } item)
                {
                    result.Add(item);
                }
            }

            return result;
        }

        throw new FormatException($"unsupported subscript [{inner}] in JSONPath '{path}'");
    }

    private static bool Filter(JsonNode item, string expression, string path)
    {
        var (op, at) = expression.IndexOf("==", StringComparison.Ordinal) is var eq and > 0 ? ("==", eq)
            : expression.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? ("!=", ne)
            : throw new FormatException($"unsupported filter ({expression}) in JSONPath '{path}'");
        var left = expression[..at].Trim();
        var right = expression[(at + 2)..].Trim();
        if (!left.StartsWith('@'))
        {
            throw new FormatException($"a filter must start with @ in JSONPath '{path}'");
        }

        var found = Evaluate(item, left[1..]);
        var expected = right.StartsWith('"') || right.StartsWith('\'') ? right[1..^1] : right;
        var equal = found.Count > 0 && Text(found[0]) == expected;
        return op == "==" ? equal : !equal;
    }

    /// <summary>A node as kubectl prints it: strings bare, everything else as JSON.</summary>
    public static string Text(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    private static List<JsonNode> Member(List<JsonNode> current, string name) =>
        [.. current.OfType<JsonObject>().Select(o => o[name]).OfType<JsonNode>()];

    private static IEnumerable<JsonNode> Children(JsonNode node) => node switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject obj => obj.Select(p => p.Value).OfType<JsonNode>(),
        _ => [],
    };

    private static int Close(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"unclosed [ in JSONPath '{text}'");
    }
}
