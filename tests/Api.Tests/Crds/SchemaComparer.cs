using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Api.Tests.Crds;

/// <summary>
/// Compares an openAPIV3Schema with the JSON contract of a C# type, both ways: property names, JSON types
/// (and integer formats), required-ness (schema-required ⇔ non-nullable; for Wharf types also C# <c>required</c>)
/// and enum values. Returns one message per disagreement.
/// </summary>
internal static class SchemaComparer
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Properties whose schema has an enum while the shared Kubernetes model keeps a string.</summary>
    private static readonly HashSet<string> StringEnumsAllowed = ["Condition.status"];

    public static List<string> Compare(JsonObject schema, Type type)
    {
        var errors = new List<string>();
        CompareObject(schema, type, "", errors, isRoot: true);
        return errors;
    }

    private static void CompareObject(JsonObject schema, Type type, string path, List<string> errors, bool isRoot = false)
    {
        var info = WharfJsonContext.Default.GetTypeInfo(type);
        if (info is null || info.Kind != JsonTypeInfoKind.Object)
        {
            errors.Add($"{path}: C# type {type.Name} is not a JSON object");
            return;
        }

        var schemaProps = (schema["properties"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (JsonObject)p.Value!);
        var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).ToHashSet();
        var skip = isRoot ? new HashSet<string> { "apiVersion", "kind", "metadata" } : [];
        var csharp = info.Properties.Where(p => !skip.Contains(p.Name)).ToDictionary(p => p.Name);

        foreach (var name in schemaProps.Keys.Where(n => !skip.Contains(n) && !csharp.ContainsKey(n)))
        {
            errors.Add($"{path}.{name}: in the schema but not on {type.Name}");
        }

        foreach (var name in csharp.Keys.Where(n => !schemaProps.ContainsKey(n)))
        {
            errors.Add($"{path}.{name}: on {type.Name} but not in the schema");
        }

        foreach (var (name, property) in csharp)
        {
            if (!schemaProps.TryGetValue(name, out var propertySchema))
            {
                continue;
            }

            var fieldPath = $"{path}.{name}";
            var member = property.AttributeProvider as PropertyInfo;
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null ||
                (member is not null && !property.PropertyType.IsValueType && Nullability.Create(member).ReadState == NullabilityState.Nullable);
            if (required.Contains(name) == nullable)
            {
                errors.Add($"{fieldPath}: schema {(required.Contains(name) ? "requires it" : "does not require it")} but {type.Name}.{member?.Name} is {(nullable ? "nullable" : "non-nullable")}");
            }

            if (type.Assembly == typeof(WharfJsonContext).Assembly && required.Contains(name) != property.IsRequired)
            {
                errors.Add($"{fieldPath}: schema-required must match the C# 'required' modifier on {type.Name}.{member?.Name}");
            }

            CompareValue(propertySchema, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, fieldPath, errors, $"{type.Name}.{name}");
        }
    }

    private static void CompareValue(JsonObject schema, Type type, string path, List<string> errors, string owner)
    {
        var schemaType = (string?)schema["type"];
        var format = (string?)schema["format"];
        var enumValues = (schema["enum"] as JsonArray)?.Select(v => v!.ToJsonString()).ToList();
        if (enumValues is not null && !type.IsEnum && !StringEnumsAllowed.Contains(owner))
        {
            errors.Add($"{path}: schema has enum {string.Join(",", enumValues)} but the C# type is {type.Name}, not an enum");
        }

        switch (schemaType)
        {
            case "string" when type.IsEnum:
                var csharpValues = Enum.GetValues(type).Cast<object>()
                    .Select(v => JsonSerializer.Serialize(v, type, WharfJsonContext.Default)).ToList();
                if (enumValues is null || !csharpValues.Order().SequenceEqual(enumValues.Order()))
                {
                    errors.Add($"{path}: enum values differ: schema [{string.Join(",", enumValues ?? [])}] vs C# [{string.Join(",", csharpValues)}]");
                }

                break;
            case "string":
                if (type != typeof(string) && !(type == typeof(DateTimeOffset) && format == "date-time"))
                {
                    errors.Add($"{path}: schema string vs C# {type.Name}");
                }

                break;
            case "integer":
                var expected = format == "int32" ? typeof(int) : format == "int64" ? typeof(long) : null;
                if (expected is null || type != expected)
                {
                    errors.Add($"{path}: schema integer (format {format ?? "none"}) vs C# {type.Name}");
                }

                break;
            case "boolean":
                if (type != typeof(bool))
                {
                    errors.Add($"{path}: schema boolean vs C# {type.Name}");
                }

                break;
            case "number":
                if (type != typeof(double))
                {
                    errors.Add($"{path}: schema number vs C# {type.Name}");
                }

                break;
            case "array":
                var element = ElementType(type);
                if (element is null)
                {
                    errors.Add($"{path}: schema array vs C# {type.Name}");
                }
                else if (schema["items"] is JsonObject items)
                {
                    CompareValue(items, element, path + "[]", errors, owner);
                }

                break;
            case "object":
                CompareObject(schema, type, path, errors);
                break;
            default:
                errors.Add($"{path}: schema has no or unknown type '{schemaType}'");
                break;
        }
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var list = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        return list?.GetGenericArguments()[0];
    }
}
