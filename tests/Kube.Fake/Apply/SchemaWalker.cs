using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>Navigates OpenAPI v3 schemas (following <c>$ref</c>, also inside a single-element <c>allOf</c>).</summary>
internal sealed class SchemaWalker(IReadOnlyDictionary<string, JsonObject> definitions)
{
    public JsonObject? Definition(string name) => definitions.GetValueOrDefault(name);

    /// <summary>The schema a property schema stands for, with references followed.</summary>
    public JsonObject? Resolve(JsonObject? schema)
    {
        for (var depth = 0; schema is not null && depth < 8; depth++)
        {
            var reference = (schema["$ref"] as JsonValue)?.GetValue<string>()
                ?? ((schema["allOf"] as JsonArray) is [JsonObject single] ? (single["$ref"] as JsonValue)?.GetValue<string>() : null);
            if (reference is null)
            {
                return schema;
            }

            schema = definitions.GetValueOrDefault(reference[(reference.LastIndexOf('/') + 1)..]);
        }

        return schema;
    }

    /// <summary>The (unresolved) schema of a property of an object schema, or null.</summary>
    public JsonObject? Property(JsonObject? objectSchema, string field) =>
        Resolve(objectSchema)?["properties"]?[field] as JsonObject;

    public JsonObject? Items(JsonObject? arraySchema) => Resolve(arraySchema)?["items"] as JsonObject;

    public string Strategy(JsonObject? property) => (property?["x-kubernetes-patch-strategy"] as JsonValue)?.GetValue<string>() ?? "";

    public string? MergeKey(JsonObject? property) => (property?["x-kubernetes-patch-merge-key"] as JsonValue)?.GetValue<string>();
}
