using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// Derives the Swagger 2.0 document (<c>/openapi/v2</c>) from the v3 documents: bodies become <c>in: body</c>
/// parameters, references point at <c>#/definitions/</c>, and v3-only schema keywords are dropped, as the API
/// server does when it publishes CRD schemas in v2.
/// </summary>
internal static class OpenApiV2
{
    private const string V2Prefix = "#/definitions/";

    public static JsonObject Build(IEnumerable<JsonObject> v3Documents, IReadOnlyDictionary<string, JsonObject> definitions)
    {
        var paths = new JsonObject();
        foreach (var document in v3Documents)
        {
            foreach (var (path, item) in (JsonObject)document["paths"]!)
            {
                var converted = new JsonObject();
                foreach (var (method, value) in (JsonObject)item!)
                {
                    converted[method] = method == "parameters" ? ConvertParameters((JsonArray)value!) : ConvertOperation((JsonObject)value!);
                }

                paths[path] = converted;
            }
        }

        var v2Definitions = new JsonObject();
        foreach (var (name, schema) in definitions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            v2Definitions[name] = ConvertSchema(schema.DeepClone());
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = $"v{DiscoveryDocuments.Major}.{DiscoveryDocuments.Minor}.0" },
            ["paths"] = paths,
            ["definitions"] = v2Definitions,
        };
    }

    private static JsonObject ConvertOperation(JsonObject operation)
    {
        var result = new JsonObject();
        var parameters = operation["parameters"] is JsonArray list ? ConvertParameters(list) : [];
        foreach (var (key, value) in operation)
        {
            switch (key)
            {
                case "parameters":
                    break;
                case "requestBody":
                    var content = (JsonObject)value!["content"]!;
                    result["consumes"] = new JsonArray([.. content.Select(c => (JsonNode)c.Key)]);
                    parameters.Insert(0, new JsonObject
                    {
                        ["name"] = "body",
                        ["in"] = "body",
                        ["required"] = true,
                        ["schema"] = ConvertSchema(content.First().Value!["schema"]!.DeepClone()),
                    });
                    break;
                case "responses":
                    var responses = new JsonObject();
                    foreach (var (code, response) in (JsonObject)value!)
                    {
                        var converted = new JsonObject { ["description"] = response!["description"]?.DeepClone() };
                        if (response["content"] is JsonObject produced && produced.FirstOrDefault().Value?["schema"] is { } schema)
                        {
                            converted["schema"] = ConvertSchema(schema.DeepClone());
                        }

                        responses[code] = converted;
                    }

                    result["produces"] = new JsonArray("application/json", "application/yaml");
                    result["schemes"] = new JsonArray("https");
                    result["responses"] = responses;
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        if (parameters.Count > 0)
        {
            result["parameters"] = parameters;
        }

        return result;
    }

    private static JsonArray ConvertParameters(JsonArray parameters)
    {
        var result = new JsonArray();
        foreach (var parameter in parameters.OfType<JsonObject>())
        {
            var converted = new JsonObject();
            foreach (var (key, value) in parameter)
            {
                if (key == "schema" && value is JsonObject schema)
                {
                    foreach (var (schemaKey, schemaValue) in schema)
                    {
                        converted[schemaKey] = schemaValue?.DeepClone();
                    }
                }
                else
                {
                    converted[key] = value?.DeepClone();
                }
            }

            result.Add(converted);
        }

        return result;
    }

    /// <summary>Rewrites references and drops what Swagger 2.0 cannot say (nullable, oneOf/anyOf/not, CEL rules).</summary>
    private static JsonNode ConvertSchema(JsonNode node)
    {
        if (node is not JsonObject obj)
        {
            return node;
        }

        foreach (var key in new[] { "nullable", "oneOf", "anyOf", "not", "x-kubernetes-validations" })
        {
            obj.Remove(key);
        }

        if (obj["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject single && single["$ref"] is not null)
        {
            obj.Remove("allOf");
            obj["$ref"] = single["$ref"]!.DeepClone();
        }

        if ((string?)obj["$ref"] is { } reference)
        {
            obj["$ref"] = reference.Replace(BuiltInSchemas.RefPrefix, V2Prefix, StringComparison.Ordinal);
        }

        foreach (var key in new[] { "properties", "patternProperties", "definitions" })
        {
            if (obj[key] is JsonObject children)
            {
                foreach (var (_, child) in children)
                {
                    if (child is not null)
                    {
                        ConvertSchema(child);
                    }
                }
            }
        }

        foreach (var key in new[] { "items", "additionalProperties" })
        {
            if (obj[key] is JsonObject child)
            {
                ConvertSchema(child);
            }
        }

        if (obj["allOf"] is JsonArray parts)
        {
            foreach (var part in parts)
            {
                if (part is not null)
                {
                    ConvertSchema(part);
                }
            }
        }

        return obj;
    }
}
