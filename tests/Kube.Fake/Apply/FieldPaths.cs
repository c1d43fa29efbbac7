using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// The field granularity at which the fake tracks ownership for server-side apply: every leaf of nested objects
/// (<c>spec.limits.memory</c>, <c>data.key</c>), with lists and empty objects as one unit, each label and
/// annotation, each finalizer (as a set member) and ownerReferences as a whole. Real servers also go inside lists
/// whose schema makes them maps or sets (e.g. containers by name); here every list is atomic.
/// </summary>
internal static class FieldPaths
{
    /// <summary>Separates path segments in a path key.</summary>
    public const char Separator = '\u001f';

    /// <summary>Paths present in <paramref name="obj"/> that belong to the given subresource scope.</summary>
    public static HashSet<string> Of(JsonObject obj, bool statusScope, bool hasStatus)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (key == "metadata")
            {
                if (!statusScope && value is JsonObject meta)
                {
                    AddMetadata(meta, paths);
                }

                continue;
            }

            var isStatus = key == "status" && hasStatus;
            if (isStatus != statusScope)
            {
                continue;
            }

            AddLeaves(key, value, paths);
        }

        return paths;
    }

    private static void AddLeaves(string path, JsonNode? value, HashSet<string> paths)
    {
        if (value is JsonObject child && child.Count > 0)
        {
            foreach (var (childKey, childValue) in child)
            {
                AddLeaves(path + Separator + childKey, childValue, paths);
            }
        }
        else
        {
            paths.Add(path);
        }
    }

    /// <summary>Whether the value at a path is an empty object, which only asserts that the object exists.</summary>
    public static bool IsEmptyObject(JsonObject obj, string path) =>
        TryGet(obj, path, out var value) && value is JsonObject { Count: 0 };

    private static void AddMetadata(JsonObject meta, HashSet<string> paths)
    {
        foreach (var map in new[] { "labels", "annotations" })
        {
            if (meta[map] is JsonObject entries)
            {
                foreach (var (name, _) in entries)
                {
                    paths.Add(Join("metadata", map, name));
                }
            }
        }

        if (meta["finalizers"] is JsonArray finalizers)
        {
            foreach (var f in finalizers)
            {
                paths.Add(Join("metadata", "finalizers", SetMember((string?)f ?? "")));
            }
        }

        if (meta["ownerReferences"] is JsonArray { Count: > 0 })
        {
            paths.Add(Join("metadata", "ownerReferences"));
        }
    }

    public static string Join(params string[] segments) => string.Join(Separator, segments);

    public static string[] Split(string path) => path.Split(Separator);

    public static string SetMember(string value) => "v:" + JsonSerializer.Serialize(value);

    /// <summary>Human form used in conflict messages, e.g. <c>.spec.limits</c>.</summary>
    public static string Display(string path) =>
        string.Concat(Split(path).Select(s => s.StartsWith("v:", StringComparison.Ordinal) ? $"[{s}]" : "." + s));

    public static bool TryGet(JsonObject obj, string path, out JsonNode? value)
    {
        var segments = Split(path);
        value = null;
        if (segments is ["metadata", "finalizers", var member])
        {
            var name = JsonSerializer.Deserialize<string>(member[2..]);
            var present = obj["metadata"]?["finalizers"] is JsonArray list && list.Any(f => (string?)f == name);
            value = present ? JsonValue.Create(name) : null;
            return present;
        }

        JsonNode? current = obj;
        foreach (var segment in segments)
        {
            if (current is not JsonObject o || !o.TryGetPropertyValue(segment, out current))
            {
                return false;
            }
        }

        value = current;
        return true;
    }

    public static void Set(JsonObject obj, string path, JsonNode? value)
    {
        var segments = Split(path);
        if (segments is ["metadata", "finalizers", var member])
        {
            var name = JsonSerializer.Deserialize<string>(member[2..]);
            var list = Container(obj, ["metadata"]);
            if (list["finalizers"] is not JsonArray finalizers)
            {
                list["finalizers"] = finalizers = [];
            }

            if (!finalizers.Any(f => (string?)f == name))
            {
                finalizers.Add(name);
            }

            return;
        }

        Container(obj, segments[..^1])[segments[^1]] = value?.DeepClone();
    }

    public static void Remove(JsonObject obj, string path)
    {
        var segments = Split(path);
        if (segments is ["metadata", "finalizers", var member])
        {
            var name = JsonSerializer.Deserialize<string>(member[2..]);
            if (obj["metadata"]?["finalizers"] is JsonArray finalizers)
            {
                foreach (var f in finalizers.Where(f => (string?)f == name).ToList())
                {
                    finalizers.Remove(f);
                }
            }

            return;
        }

        JsonNode? current = obj;
        foreach (var segment in segments[..^1])
        {
            current = current?[segment];
        }

        (current as JsonObject)?.Remove(segments[^1]);
    }

    private static JsonObject Container(JsonObject obj, string[] segments)
    {
        var current = obj;
        foreach (var segment in segments)
        {
            if (current[segment] is not JsonObject next)
            {
                current[segment] = next = [];
            }

            current = next;
        }

        return current;
    }
}
