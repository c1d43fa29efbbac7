using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Wharf.Api.Tests.Crds;

/// <summary>
/// Rules the API server applies when a CRD is installed (structural schemas, list-map keys, printer columns),
/// checked here because no cluster runs in CI.
/// </summary>
public sealed class CrdStructureTests
{
    private static readonly string[] AllPlurals = ["workers", "kvnamespaces", "workerquotas"];

    public static TheoryData<string> Plurals => new(AllPlurals);

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Crd_NamesAndScope_FollowConventions(string plural)
    {
        var crd = CrdFiles.Crd(plural);
        var spec = crd["spec"]!;

        Assert.Equal($"{plural}.wharf.dev", (string?)crd["metadata"]!["name"]);
        Assert.Equal(plural, (string?)spec["names"]!["plural"]);
        Assert.Equal((string?)spec["names"]!["kind"] + "List", (string?)spec["names"]!["listKind"]);
        Assert.Equal("Namespaced", (string?)spec["scope"]);
        var version = spec["versions"]!.AsArray().Single()!;
        Assert.True((bool)version["served"]! && (bool)version["storage"]!);
        Assert.NotNull(version["subresources"]!["status"]);
        Assert.NotEmpty(spec["names"]!["shortNames"]!.AsArray());
    }

    [Fact]
    public void Crds_ShortNames_AreUnique()
    {
        var shortNames = AllPlurals.SelectMany(p => CrdFiles.Crd(p)["spec"]!["names"]!["shortNames"]!.AsArray().Select(n => (string)n!)).ToList();

        Assert.Equal(shortNames.Count, shortNames.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Plurals))]
    public void Schema_IsStructural(string plural)
    {
        var errors = new List<string>();
        CheckStructural(CrdFiles.Schema(plural), "", errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Theory]
    [MemberData(nameof(Plurals))]
    public void PrinterColumns_PointAtSchemaFields(string plural)
    {
        var crd = CrdFiles.Crd(plural);
        var version = crd["spec"]!["versions"]![0]!;
        var schema = CrdFiles.Schema(plural);
        foreach (var column in version["additionalPrinterColumns"]!.AsArray())
        {
            var path = (string)column!["jsonPath"]!;
            var type = (string)column["type"]!;
            Assert.Contains(type, new[] { "string", "integer", "number", "boolean", "date" });
            if (path == ".metadata.creationTimestamp")
            {
                continue;
            }

            var plain = Regex.Replace(path, @"\[\?\(@\.type==""\w+""\)\]", "[]");
            var node = schema;
            foreach (var segment in plain.TrimStart('.').Split('.'))
            {
                var name = segment.TrimEnd('[', ']');
                node = node["properties"]?[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{plural}: printer column {path} names unknown field {name}");
                if (segment.EndsWith("[]", StringComparison.Ordinal))
                {
                    node = node["items"]!.AsObject();
                }
            }

            var fieldType = (string?)node["type"];
            Assert.True(type == fieldType, $"{plural}: column {path} is {type} but the field is {fieldType}");
        }
    }

    private static void CheckStructural(JsonObject schema, string path, List<string> errors)
    {
        var type = (string?)schema["type"];
        if (type is null && schema["x-kubernetes-int-or-string"] is null && schema["x-kubernetes-preserve-unknown-fields"] is null)
        {
            errors.Add($"{path}: no type");
        }

        if (schema["properties"] is not null && schema["additionalProperties"] is not null)
        {
            errors.Add($"{path}: properties and additionalProperties are mutually exclusive");
        }

        foreach (var rule in schema["x-kubernetes-validations"] as JsonArray ?? [])
        {
            if (string.IsNullOrWhiteSpace((string?)rule!["rule"]) || string.IsNullOrWhiteSpace((string?)rule["message"]))
            {
                errors.Add($"{path}: a validation rule needs a rule and a message");
            }
        }

        if ((string?)schema["x-kubernetes-list-type"] == "map")
        {
            var items = schema["items"]!.AsObject();
            var required = (items["required"] as JsonArray ?? []).Select(r => (string?)r).ToHashSet();
            foreach (var key in schema["x-kubernetes-list-map-keys"]!.AsArray().Select(k => (string)k!))
            {
                if (!required.Contains(key) && items["properties"]?[key]?["default"] is null)
                {
                    errors.Add($"{path}: list-map key {key} must be required or defaulted");
                }
            }
        }

        foreach (var name in schema["required"] as JsonArray ?? [])
        {
            if (schema["properties"]?[(string)name!] is null)
            {
                errors.Add($"{path}: required {name} is not a property");
            }
        }

        if (schema["default"] is { } defaultValue && type == "object" && defaultValue is not JsonObject)
        {
            errors.Add($"{path}: default of an object must be an object");
        }

        foreach (var (name, child) in schema["properties"] as JsonObject ?? [])
        {
            if (path.Length == 0 && name == "metadata")
            {
                continue;
            }

            CheckStructural(child!.AsObject(), $"{path}.{name}", errors);
        }

        if (schema["items"] is JsonObject itemSchema)
        {
            CheckStructural(itemSchema, path + "[]", errors);
        }
    }
}
