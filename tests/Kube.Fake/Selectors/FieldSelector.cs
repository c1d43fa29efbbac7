using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// A field selector over <c>metadata.name</c> and <c>metadata.namespace</c> with <c>=</c>, <c>==</c> and <c>!=</c>,
/// the fields every resource supports.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (at, length, equal) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : part.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? (e, 1, true)
                : throw ApiError.BadRequest($"invalid field selector: \"{part}\" is not a field=value term");
            var field = part[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw ApiError.BadRequest($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
            }

            terms.Add((field, equal, part[(at + length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = (string?)obj["metadata"]?[field == "metadata.name" ? "name" : "namespace"] ?? "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
