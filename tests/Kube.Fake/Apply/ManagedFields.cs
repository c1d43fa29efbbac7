using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>One entry of <c>metadata.managedFields</c>: the fields one manager owns through one operation.</summary>
internal sealed class ManagerEntry
{
    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public required string Subresource { get; init; }

    public string ApiVersion { get; set; } = "";

    public DateTimeOffset Time { get; set; }

    public HashSet<string> Paths { get; } = new(StringComparer.Ordinal);

    public bool Is(string manager, string operation, string subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;
}

/// <summary>Reads and writes <c>metadata.managedFields</c> in the FieldsV1 format.</summary>
internal static class ManagedFields
{
    public static List<ManagerEntry> Read(JsonObject obj)
    {
        var result = new List<ManagerEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return result;
        }

        foreach (var e in entries.OfType<JsonObject>())
        {
            var entry = new ManagerEntry
            {
                Manager = (string?)e["manager"] ?? "",
                Operation = (string?)e["operation"] ?? "Update",
                Subresource = (string?)e["subresource"] ?? "",
                ApiVersion = (string?)e["apiVersion"] ?? "",
                Time = DateTimeOffset.TryParse((string?)e["time"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t : DateTimeOffset.UnixEpoch,
            };
            if (e["fieldsV1"] is JsonObject fields)
            {
                CollectLeaves(fields, [], entry.Paths);
            }

            result.Add(entry);
        }

        return result;
    }

    public static void Write(JsonObject obj, List<ManagerEntry> entries)
    {
        var meta = obj["metadata"] as JsonObject ?? throw new InvalidOperationException("object without metadata");
        var live = entries.Where(e => e.Paths.Count > 0).ToList();
        if (live.Count == 0)
        {
            meta.Remove("managedFields");
            return;
        }

        var array = new JsonArray();
        foreach (var e in live)
        {
            var entry = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = Render(e.Paths),
            };
            if (e.Subresource.Length > 0)
            {
                entry["subresource"] = e.Subresource;
            }

            array.Add(entry);
        }

        meta["managedFields"] = array;
    }

    private static JsonObject Render(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var current = root;
            foreach (var segment in FieldPaths.Split(path))
            {
                var key = segment.StartsWith("v:", StringComparison.Ordinal) ? segment : "f:" + segment;
                if (current[key] is not JsonObject next)
                {
                    current[key] = next = [];
                }

                current = next;
            }
        }

        return root;
    }

    private static void CollectLeaves(JsonObject node, List<string> prefix, HashSet<string> paths)
    {
        foreach (var (key, child) in node)
        {
            if (key == ".")
            {
                continue;
            }

            var segment = key.StartsWith("f:", StringComparison.Ordinal) ? key[2..] : key;
            prefix.Add(segment);
            if (child is JsonObject { Count: > 0 } inner && !(inner.Count == 1 && inner.ContainsKey(".")))
            {
                CollectLeaves(inner, prefix, paths);
            }
            else
            {
                paths.Add(FieldPaths.Join([.. prefix]));
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }
}
