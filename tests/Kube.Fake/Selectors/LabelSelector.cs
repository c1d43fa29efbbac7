using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// A parsed label selector: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x,y)</c>,
/// <c>a</c> and <c>!a</c>, joined by commas
/// (<see href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"/>).
/// </summary>
internal sealed class LabelSelector
{
    private enum Op
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Op Op, IReadOnlyList<string> Values);

    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var r in _requirements)
        {
            var has = labels is not null && labels.ContainsKey(r.Key);
            var value = has ? (string?)labels![r.Key] : null;
            var ok = r.Op switch
            {
                Op.Equals => has && value == r.Values[0],
                Op.NotEquals => !has || value != r.Values[0],
                Op.In => has && r.Values.Contains(value),
                Op.NotIn => !has || !r.Values.Contains(value),
                Op.Exists => has,
                _ => !has,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw Invalid(whole, "empty requirement");
        }

        if (part.StartsWith('!'))
        {
            return new Requirement(Key(part[1..].Trim(), whole), Op.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Requirement(Key(part[..at].Trim(), whole), op, [Value(part[(at + token.Length)..].Trim(), whole)]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(Key(words[0], whole), Op.Exists, []);
        }

        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? Op.NotIn
            : rest.StartsWith("in", StringComparison.Ordinal) ? Op.In
            : throw Invalid(whole, $"unknown operator in \"{part}\"");
        var list = rest[(setOp == Op.NotIn ? 5 : 2)..].Trim();
        if (!list.StartsWith('(') || !list.EndsWith(')'))
        {
            throw Invalid(whole, $"expected a parenthesized value list in \"{part}\"");
        }

        if (list[1..^1].Trim().Length == 0)
        {
            throw Invalid(whole, $"for 'in' and 'notin' the value set cannot be empty (\"{part}\")");
        }

        var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries).Select(v => Value(v, whole)).ToList();

        return new Requirement(Key(words[0], whole), setOp, values);
    }

    private static string Key(string key, string whole)
    {
        if (!LabelSyntax.IsQualifiedName(key))
        {
            throw Invalid(whole, $"invalid label key \"{key}\"");
        }

        return key;
    }

    private static string Value(string value, string whole)
    {
        if (!LabelSyntax.IsValue(value))
        {
            throw Invalid(whole, $"invalid label value: \"{value}\"");
        }

        return value;
    }

    private static ApiError Invalid(string selector, string why) =>
        ApiError.BadRequest($"unable to parse requirement: {why} (selector \"{selector}\")");
}
