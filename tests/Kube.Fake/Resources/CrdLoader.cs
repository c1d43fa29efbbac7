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
            };
        }
    }
}
