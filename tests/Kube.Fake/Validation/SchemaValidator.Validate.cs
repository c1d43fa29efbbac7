using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Wharf.Kube.Fake;

/// <summary>Validation half: types, enums, ranges, lengths, patterns, list uniqueness, with API-server messages.</summary>
internal static partial class SchemaValidator
{
    /// <summary>Validates every field except apiVersion/kind/metadata; returns Kubernetes-style field errors.</summary>
    public static List<FieldError> Validate(JsonObject root, JsonObject schema)
    {
        var errors = new List<FieldError>();
        foreach (var name in Strings(schema["required"]))
        {
            if (root[name] is null)
            {
                errors.Add(new FieldError("FieldValueRequired", name, "Required value"));
            }
        }

        foreach (var (key, value) in root)
        {
            if (key is not ("apiVersion" or "kind" or "metadata") && schema["properties"]?[key] is JsonObject ps)
            {
                ValidateValue(value, ps, key, errors);
            }
        }

        return errors;
    }

    private static void ValidateValue(JsonNode? value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if (!IsTrue(schema, "nullable"))
            {
                errors.Add(TypeError(path, "null", (string?)schema["type"] ?? "object"));
            }

            return;
        }

        var type = (string?)schema["type"];
        var intOrString = IsTrue(schema, "x-kubernetes-int-or-string");
        var kind = value.GetValueKind();
        var actual = kind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => IsIntegral(value) ? "integer" : "number",
        };
        var typeOk = intOrString ? actual is "integer" or "string"
            : type is null || type == actual || (type == "number" && actual == "integer");
        if (!typeOk)
        {
            errors.Add(TypeError(path, Render(value), intOrString ? "integer or string" : type!));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            var list = string.Join(", ", allowed.Select(a => a?.ToJsonString()));
            errors.Add(new FieldError("FieldValueNotSupported", path, $"Unsupported value: {value.ToJsonString()}: supported values: {list}"));
        }

        switch (value)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            default:
                if (kind == JsonValueKind.String)
                {
                    ValidateString(value.GetValue<string>(), schema, path, errors);
                }
                else if (kind == JsonValueKind.Number)
                {
                    ValidateNumber(value, schema, path, errors);
                }

                break;
        }
    }

    private static void ValidateObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        foreach (var name in Strings(schema["required"]))
        {
            if (obj[name] is null)
            {
                errors.Add(new FieldError("FieldValueRequired", $"{path}.{name}", "Required value"));
            }
        }

        if (schema["minProperties"] is { } minP && obj.Count < Num(minP))
        {
            errors.Add(Invalid(path, obj.Count.ToString(CultureInfo.InvariantCulture), $"should have at least {minP} properties"));
        }

        if (schema["maxProperties"] is { } maxP && obj.Count > Num(maxP))
        {
            errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {obj.Count}: must have at most {maxP} items"));
        }

        foreach (var (key, child) in obj)
        {
            var childSchema = schema["properties"]?[key] as JsonObject ?? schema["additionalProperties"] as JsonObject;
            if (childSchema is not null)
            {
                ValidateValue(child, childSchema, $"{path}.{key}", errors);
            }
        }
    }

    private static void ValidateArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["minItems"] is { } min && array.Count < Num(min))
        {
            errors.Add(Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture), $"should have at least {min} items"));
        }

        if (schema["maxItems"] is { } max && array.Count > Num(max))
        {
            errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {array.Count}: must have at most {max} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                ValidateValue(array[i], items, $"{path}[{i}]", errors);
            }
        }

        var listType = (string?)schema["x-kubernetes-list-type"];
        var keys = Strings(schema["x-kubernetes-list-map-keys"]).ToList();
        if (listType is "set" or "map")
        {
            var seen = new List<JsonNode?>();
            for (var i = 0; i < array.Count; i++)
            {
                JsonNode? identity = listType == "set" ? array[i]
                    : new JsonObject(keys.Select(k => KeyValuePair.Create(k, array[i]?[k]?.DeepClone())));
                if (seen.Any(s => JsonNode.DeepEquals(s, identity)))
                {
                    errors.Add(new FieldError("FieldValueDuplicate", $"{path}[{i}]", $"Duplicate value: {identity?.ToJsonString()}"));
                }

                seen.Add(identity);
            }
        }
    }

    private static void ValidateString(string text, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["maxLength"] is { } max && text.Length > Num(max))
        {
            errors.Add(new FieldError("FieldValueTooLong", path, $"Too long: may not be more than {max} bytes"));
        }

        if (schema["minLength"] is { } min && text.Length < Num(min))
        {
            errors.Add(Invalid(path, Quote(text), $"should be at least {min} chars long"));
        }

        if ((string?)schema["pattern"] is { } pattern &&
            !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout))
        {
            errors.Add(Invalid(path, Quote(text), $"should match '{pattern}'"));
        }

        if ((string?)schema["format"] == "date-time" &&
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(Invalid(path, Quote(text), "must be of type date-time"));
        }
    }

    private static void ValidateNumber(JsonNode value, JsonObject schema, string path, List<FieldError> errors)
    {
        var number = Num(value);
        var shown = value.ToJsonString();
        if (schema["minimum"] is { } min)
        {
            var exclusive = IsTrue(schema, "exclusiveMinimum");
            if (exclusive ? number <= Num(min) : number < Num(min))
            {
                errors.Add(Invalid(path, shown, $"should be greater than {(exclusive ? "" : "or equal to ")}{min.ToJsonString()}"));
            }
        }

        if (schema["maximum"] is { } max)
        {
            var exclusive = IsTrue(schema, "exclusiveMaximum");
            if (exclusive ? number >= Num(max) : number > Num(max))
            {
                errors.Add(Invalid(path, shown, $"should be less than {(exclusive ? "" : "or equal to ")}{max.ToJsonString()}"));
            }
        }

        if ((string?)schema["format"] == "int32" && number is < int.MinValue or > int.MaxValue)
        {
            errors.Add(Invalid(path, shown, "must be of type int32"));
        }
    }

    private static FieldError TypeError(string path, string shown, string type) =>
        new("FieldValueTypeInvalid", path, $"Invalid value: \"{Unquote(shown)}\": {path} in body must be of type {type}: \"{Unquote(shown)}\"");

    private static FieldError Invalid(string path, string shown, string why) =>
        new("FieldValueInvalid", path, $"Invalid value: {shown}: {path} in body {why}");

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Unquote(string text) => text.Trim('"');

    private static string Render(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => IsIntegral(value) ? "integer" : "number",
    };

    private static bool IsIntegral(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number && double.IsInteger(Num(value));
}
