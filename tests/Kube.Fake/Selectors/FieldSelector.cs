using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// A field selector with <c>=</c>, <c>==</c> and <c>!=</c> over <c>metadata.name</c> and <c>metadata.namespace</c>
/// (every resource) and the extra fields the API server indexes for some built-ins (events by involved object,
/// pods by node and phase, secrets by type), which clients such as <c>kubectl describe</c> rely on.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    private static readonly Dictionary<(string Group, string Plural), string[]> ExtraFields = new()
    {
        [("", "events")] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        [("events.k8s.io", "events")] =
        [
            "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
            "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
        ],
        [("", "pods")] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
        [("", "secrets")] = ["type"],
        [("", "namespaces")] = ["status.phase"],
        [("", "nodes")] = ["spec.unschedulable"],
    };

    public static FieldSelector Parse(string? text, FakeResource? resource = null)
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
            var extra = resource is null ? [] : ExtraFields.GetValueOrDefault((resource.Group, resource.Plural), []);
            if (field is not ("metadata.name" or "metadata.namespace") && !extra.Contains(field))
            {
                throw ApiError.BadRequest($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"{string.Concat(extra.Select(f => $", \"{f}\""))}");
            }

            terms.Add((field, equal, part[(at + length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = Value(obj, field == "source" ? "source.component" : field);
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A field's value as the server's field sets hold it: strings as they are, others in JSON, absent as "".</summary>
    private static string Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
