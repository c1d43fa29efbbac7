using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Strategic merge patch for built-in types
/// (<see href="https://git.k8s.io/community/contributors/devel/sig-api-machinery/strategic-merge-patch.md"/>):
/// lists with a merge key are merged element by element, primitive lists with the merge strategy are unioned,
/// other lists replaced; the directives <c>$patch</c> (replace/delete/merge), <c>$retainKeys</c>,
/// <c>$setElementOrder/field</c> and <c>$deleteFromPrimitiveList/field</c> are honoured. The strategies come from
/// the served OpenAPI schemas (<c>x-kubernetes-patch-strategy</c>, <c>x-kubernetes-patch-merge-key</c>).
/// </summary>
internal static class StrategicMergePatch
{
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaWalker schemas, string? rootSchema)
    {
        var root = rootSchema is null ? null : schemas.Definition(rootSchema);
        return MergeMap(original, patch, root, schemas) ?? throw ApiError.BadRequest("a strategic merge patch cannot delete the whole object");
    }

    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, JsonObject? schema, SchemaWalker schemas)
    {
        switch ((string?)patch["$patch"])
        {
            case "delete":
                return null;
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                replacement.Remove("$patch");
                return replacement;
            case null or "merge":
                break;
            default:
                throw ApiError.BadRequest($"unknown patch type: {(string?)patch["$patch"]} in map: {patch.ToJsonString()}");
        }

        var result = (JsonObject)original.DeepClone();
        var orders = new List<(string Field, JsonArray Order)>();
        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys")
            {
                continue;
            }

            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                orders.Add((key[SetElementOrder.Length..], value as JsonArray ?? throw ApiError.BadRequest($"{key} must be a list")));
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveList.Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    var doomed = remove.Select(v => v?.ToJsonString()).ToHashSet();
                    result[field] = new JsonArray([.. list.Where(v => !doomed.Contains(v?.ToJsonString())).Select(v => v?.DeepClone())]);
                }

                continue;
            }

            var property = schemas.Property(schema, key);
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject patchMap && result[key] is JsonObject originalMap)
            {
                var merged = MergeMap(originalMap, patchMap, schemas.Resolve(property), schemas);
                if (merged is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = merged;
                }
            }
            else if (value is JsonObject newMap)
            {
                // Nothing to merge into: the patch's map, without its directives.
                var created = MergeMap([], newMap, schemas.Resolve(property), schemas);
                if (created is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = created;
                }
            }
            else if (value is JsonArray patchList)
            {
                result[key] = MergeList(result[key] as JsonArray, patchList, property, schemas);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        foreach (var (field, order) in orders)
        {
            if (result[field] is JsonArray list)
            {
                result[field] = Reorder(list, order, schemas.MergeKey(schemas.Property(schema, field)));
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, JsonObject? property, SchemaWalker schemas)
    {
        var strategy = schemas.Strategy(property);
        var replace = patch.OfType<JsonObject>().FirstOrDefault(e => (string?)e["$patch"] == "replace");
        if (replace is not null || original is null || !strategy.Contains("merge", StringComparison.Ordinal))
        {
            var elements = patch.Where(e => e is not JsonObject o || o["$patch"] is null);
            var itemSchema = schemas.Resolve(schemas.Items(property));
            return new JsonArray([.. elements.Select(e => e is JsonObject o ? MergeMap([], o, itemSchema, schemas) : e?.DeepClone())]);
        }

        var mergeKey = schemas.MergeKey(property);
        if (mergeKey is null)
        {
            // A set of primitives: union, original order first.
            var result = new JsonArray([.. original.Select(e => e?.DeepClone())]);
            var present = original.Select(e => e?.ToJsonString()).ToHashSet();
            foreach (var element in patch)
            {
                if (present.Add(element?.ToJsonString()))
                {
                    result.Add(element?.DeepClone());
                }
            }

            return result;
        }

        var items = schemas.Resolve(schemas.Items(property));
        var merged = original.Select(e => e?.DeepClone()).ToList();
        foreach (var element in patch)
        {
            if (element is not JsonObject patchElement)
            {
                throw ApiError.BadRequest($"elements of a list merged by {mergeKey} must be objects");
            }

            var key = patchElement[mergeKey]?.ToJsonString();
            if (key is null)
            {
                throw ApiError.BadRequest($"map: {patchElement.ToJsonString()} does not contain declared merge key: {mergeKey}");
            }

            var at = merged.FindIndex(e => e?[mergeKey]?.ToJsonString() == key);
            if ((string?)patchElement["$patch"] == "delete")
            {
                if (at >= 0)
                {
                    merged.RemoveAt(at);
                }

                continue;
            }

            if (at >= 0)
            {
                merged[at] = MergeMap((JsonObject)merged[at]!, patchElement, items, schemas);
            }
            else
            {
                merged.Add(MergeMap([], patchElement, items, schemas));
            }
        }

        return new JsonArray([.. merged.Where(e => e is not null)]);
    }

    /// <summary>Orders a list as <c>$setElementOrder</c> says; elements it does not name keep their place after them.</summary>
    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        string? Key(JsonNode? node) => mergeKey is null ? node?.ToJsonString() : node?[mergeKey]?.ToJsonString();
        var rank = new Dictionary<string, int>();
        foreach (var (item, index) in order.Select((n, i) => (n, i)))
        {
            if (Key(item) is { } key)
            {
                rank.TryAdd(key, index);
            }
        }

        var sorted = list.Select((n, i) => (Node: n, Index: i))
            .OrderBy(e => Key(e.Node) is { } k && rank.TryGetValue(k, out var r) ? r : int.MaxValue)
            .ThenBy(e => e.Index)
            .Select(e => e.Node?.DeepClone());
        return new JsonArray([.. sorted]);
    }
}
