using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>Reads CustomResourceDefinition manifests into <see cref="FakeResource"/> registrations.</summary>
internal static class CrdLoader
{
    public static IEnumerable<FakeResource> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"CRD directory '{directory}' does not exist");
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var document in YamlJson.ParseAll(File.ReadAllText(file)))
            {
                if (document is JsonObject crd && (string?)crd["kind"] == "CustomResourceDefinition")
                {
                    foreach (var resource in FromCrd(crd, file))
                    {
                        yield return resource;
                    }
                }
            }
        }
    }

    public static IEnumerable<FakeResource> FromCrd(JsonObject crd, string source)
    {
        var spec = crd["spec"] as JsonObject ?? throw new FormatException($"{source}: CRD without spec");
        var group = (string?)spec["group"] ?? throw new FormatException($"{source}: spec.group missing");
        var names = spec["names"] as JsonObject ?? throw new FormatException($"{source}: spec.names missing");
        var plural = (string?)names["plural"] ?? throw new FormatException($"{source}: spec.names.plural missing");
        var kind = (string?)names["kind"] ?? throw new FormatException($"{source}: spec.names.kind missing");
        var namespaced = (string?)spec["scope"] switch
        {
            "Namespaced" => true,
            "Cluster" => false,
            var other => throw new FormatException($"{source}: unsupported scope '{other}'"),
        };

        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() != true)
            {
                continue;
            }

            var schema = version["schema"]?["openAPIV3Schema"] as JsonObject
                ?? throw new FormatException($"{source}: version {(string?)version["name"]} has no openAPIV3Schema");
            yield return new FakeResource(group, (string)version["name"]!, plural, kind, namespaced,
                version["subresources"]?["status"] is not null)
            {
                TracksGeneration = true,
                RequiresResourceVersionOnUpdate = true,
                Schema = (JsonObject)schema.DeepClone(),
                Singular = (string?)names["singular"] ?? kind.ToLowerInvariant(),
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                PrinterColumns = Columns(version["additionalPrinterColumns"] as JsonArray),
                IsCustom = true,
            };
        }
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => (string?)n).OfType<string>()] : [];

    /// <summary>The CRD's printer columns after the implicit Name column; Age is added when none are declared.</summary>
    private static PrinterColumn[] Columns(JsonArray? declared)
    {
        var name = new PrinterColumn("Name", "string", ".metadata.name", "Name must be unique within a namespace.", 0, "name");
        if (declared is null || declared.Count == 0)
        {
            return [name, new PrinterColumn("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0)];
        }

        return [name, .. declared.OfType<JsonObject>().Select(c => new PrinterColumn(
            (string?)c["name"] ?? "",
            (string?)c["type"] ?? "string",
            (string?)c["jsonPath"] ?? "",
            (string?)c["description"] ?? "",
            int.Parse(c["priority"]?.ToJsonString() ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            (string?)c["format"] ?? ""))];
    }
}
