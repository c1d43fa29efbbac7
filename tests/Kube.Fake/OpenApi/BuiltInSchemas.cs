using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Wharf.Kube.Fake;

/// <summary>
/// OpenAPI schemas of the built-in types, read from the KubernetesClient models (generated from the Kubernetes
/// OpenAPI document): property names and types, nested definitions, the GVK of each root, plus the
/// strategic-merge-patch extensions of <see cref="PatchStrategies"/>. Schemas are in OpenAPI v3 form with
/// <c>#/components/schemas/</c> references; <see cref="OpenApiDocuments"/> rewrites them for v2.
/// </summary>
internal sealed partial class BuiltInSchemas
{
    public const string RefPrefix = "#/components/schemas/";
    public const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";
    public const string ObjectMetaName = MetaPackage + ".ObjectMeta";
    public const string ListMetaName = MetaPackage + ".ListMeta";
    public const string TimeName = MetaPackage + ".Time";
    private const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private static readonly HashSet<string> MetaTypes =
    [
        "V1ObjectMeta", "V1ListMeta", "V1OwnerReference", "V1ManagedFieldsEntry", "V1LabelSelector",
        "V1LabelSelectorRequirement", "V1Condition", "V1Status", "V1StatusDetails", "V1StatusCause", "V1DeleteOptions",
        "V1Preconditions",
    ];

    private readonly Dictionary<Type, string> _names = [];
    private readonly Dictionary<string, JsonObject> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Version, string Kind), string> _roots = [];

    private BuiltInSchemas()
    {
        _definitions[TimeName] = new JsonObject
        {
            ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.",
            ["type"] = "string",
            ["format"] = "date-time",
        };
        _definitions[IntOrStringName] = new JsonObject
        {
            ["description"] = "IntOrString is a type that can hold an int32 or a string.",
            ["type"] = "string",
            ["format"] = "int-or-string",
        };
        _definitions[QuantityName] = new JsonObject
        {
            ["description"] = "Quantity is a fixed-point representation of a number, e.g. 100m, 1Gi.",
            ["type"] = "string",
        };
    }

    /// <summary>Every definition by name (v3 form).</summary>
    public IReadOnlyDictionary<string, JsonObject> Definitions => _definitions;

    /// <summary>The definition name of a root kind, e.g. <c>io.k8s.api.apps.v1.Deployment</c>, or null when unknown.</summary>
    public string? RootName(string group, string version, string kind) => _roots.GetValueOrDefault((group, version, kind));

    /// <summary>Schemas for the given built-in resources and their lists, core group first so shared types get core names.</summary>
    public static BuiltInSchemas For(IEnumerable<FakeResource> resources)
    {
        var entities = typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(e => e.Entity is not null)
            .ToDictionary(e => (e.Entity!.Group ?? "", e.Entity.ApiVersion, e.Entity.Kind), e => e.Type);
        var schemas = new BuiltInSchemas();
        schemas.Name(typeof(V1ObjectMeta), "");
        schemas.Name(typeof(V1ListMeta), "");
        foreach (var resource in resources.Where(r => !r.IsCustom).OrderBy(r => r.Group.Length == 0 ? 0 : 1))
        {
            foreach (var kind in new[] { resource.Kind, resource.Kind + "List" })
            {
                if (entities.TryGetValue((resource.Group, resource.Version, kind), out var type))
                {
                    var name = schemas.Name(type, resource.Group);
                    schemas._roots[(resource.Group, resource.Version, kind)] = name;
                    schemas._definitions[name]["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
                    {
                        ["group"] = resource.Group,
                        ["kind"] = kind,
                        ["version"] = resource.Version,
                    });
                }
            }
        }

        return schemas;
    }

    /// <summary>The definition name of a model type, generating its definition (and its fields' types) on first use.</summary>
    private string Name(Type type, string group)
    {
        if (_names.TryGetValue(type, out var known))
        {
            return known;
        }

        var match = VersionPrefix().Match(type.Name);
        var version = match.Success ? match.Value.ToLowerInvariant() : "v1";
        var shortName = match.Success ? type.Name[match.Length..] : type.Name;
        var package = MetaTypes.Contains(type.Name) ? MetaPackage
            : group == "apiextensions.k8s.io" ? "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + version
            : $"io.k8s.api.{(group.Length == 0 ? "core" : group.Split('.')[0])}.{version}";
        var name = $"{package}.{shortName}";
        _names[type] = name;
        var definition = new JsonObject { ["type"] = "object" };
        _definitions[name] = definition;
        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is not { } field)
            {
                continue;
            }

            var schema = SchemaOf(property.PropertyType, group);
            if (PatchStrategies.Find(type.Name, field) is { } patch)
            {
                schema["x-kubernetes-patch-strategy"] = patch.Strategy;
                if (patch.MergeKey is not null)
                {
                    schema["x-kubernetes-patch-merge-key"] = patch.MergeKey;
                }
            }

            properties[field] = schema;
        }

        definition["properties"] = new JsonObject([.. properties.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))]);
        return name;
    }

    private JsonObject SchemaOf(Type type, string group)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return Ref(TimeName);
        }

        if (type == typeof(IntOrString))
        {
            return Ref(IntOrStringName);
        }

        if (type == typeof(ResourceQuantity))
        {
            return Ref(QuantityName);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic
            && (generic == typeof(IList<>) || generic == typeof(List<>) || generic == typeof(IEnumerable<>)))
        {
            return new JsonObject { ["type"] = "array", ["items"] = SchemaOf(type.GetGenericArguments()[0], group) };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var map && (map == typeof(IDictionary<,>) || map == typeof(Dictionary<,>)))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SchemaOf(type.GetGenericArguments()[1], group) };
        }

        if (type.Namespace == typeof(V1Pod).Namespace && type.IsClass)
        {
            return Ref(Name(type, group));
        }

        // Arbitrary JSON (RawExtension, JSON values of CRD schemas).
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    /// <summary>A reference as Kubernetes writes it in v3: wrapped in allOf so siblings (extensions) stay valid.</summary>
    private static JsonObject Ref(string name) => new() { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = RefPrefix + name }) };

    [GeneratedRegex("^V[0-9]+((alpha|beta)[0-9]+)?")]
    private static partial Regex VersionPrefix();
}
