using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Structural-schema handling of custom resources as the API server does it on write: prune unknown fields,
/// apply defaults, then validate (<see href="https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation"/>).
/// Supported keywords: type, properties, required, additionalProperties, items, enum, pattern, minimum, maximum,
/// exclusiveMinimum/Maximum, minLength, maxLength, minItems, maxItems, minProperties, maxProperties, nullable,
/// default, format (date-time, int32), x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields,
/// x-kubernetes-list-type (set/map uniqueness). NOT checked: <c>x-kubernetes-validations</c> CEL rules
/// (e.g. the Worker binding-name uniqueness, quantity ranges, WorkerQuota signature/resources rules),
/// anyOf/oneOf/allOf/not, and the other formats.
/// </summary>
internal static partial class SchemaValidator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Drops fields the schema does not know (and non-nullable nulls); returns their paths.</summary>
    public static List<string> Prune(JsonObject root, JsonObject schema)
    {
        var pruned = new List<string>();
        foreach (var key in root.Select(p => p.Key).ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            PruneProperty(root, key, schema, key, pruned);
        }

        return pruned;
    }

    private static void PruneProperty(JsonObject parent, string key, JsonObject parentSchema, string path, List<string> pruned)
    {
        if (IsTrue(parentSchema, "x-kubernetes-preserve-unknown-fields") && parentSchema["properties"] is null)
        {
            return;
        }

        var schema = parentSchema["properties"]?[key] as JsonObject ?? parentSchema["additionalProperties"] as JsonObject;
        if (schema is null)
        {
            if (!IsTrue(parentSchema, "x-kubernetes-preserve-unknown-fields"))
            {
                parent.Remove(key);
                pruned.Add(path);
            }

            return;
        }

        var value = parent[key];
        if (value is null)
        {
            if (!IsTrue(schema, "nullable"))
            {
                parent.Remove(key);
            }

            return;
        }

        PruneValue(value, schema, path, pruned);
    }

    private static void PruneValue(JsonNode value, JsonObject schema, string path, List<string> pruned)
    {
        if (value is JsonObject obj && (schema["properties"] is not null || schema["additionalProperties"] is JsonObject))
        {
            foreach (var key in obj.Select(p => p.Key).ToList())
            {
                PruneProperty(obj, key, schema, $"{path}.{key}", pruned);
            }
        }
        else if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    PruneValue(item, items, $"{path}[{i}]", pruned);
                }
            }
        }
    }

    /// <summary>Applies <c>default</c> values of absent properties, recursively, also inside defaulted values.</summary>
    public static void ApplyDefaults(JsonNode? node, JsonObject schema)
    {
        if (node is JsonObject obj)
        {
            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (name, propertySchema) in properties)
                {
                    if (propertySchema is JsonObject ps && ps["default"] is { } defaultValue && !obj.ContainsKey(name))
                    {
                        obj[name] = defaultValue.DeepClone();
                    }
                }

                foreach (var (name, propertySchema) in properties)
                {
                    if (propertySchema is JsonObject ps && obj[name] is { } child)
                    {
                        ApplyDefaults(child, ps);
                    }
                }
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                foreach (var (_, child) in obj)
                {
                    ApplyDefaults(child, additional);
                }
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            foreach (var item in array)
            {
                ApplyDefaults(item, items);
            }
        }
    }

    private static double Num(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool IsTrue(JsonObject schema, string keyword) =>
        schema[keyword] is { } v && v.GetValueKind() == JsonValueKind.True;

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n).OfType<string>() : [];
}
