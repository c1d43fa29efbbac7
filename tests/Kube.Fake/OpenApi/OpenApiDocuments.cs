using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>
/// The served OpenAPI documents: v3 per group/version (<c>/openapi/v3/apis/wharf.dev/v1alpha1</c>) with the
/// <c>/openapi/v3</c> index, and the single v2 document (<c>/openapi/v2</c>)
/// (<see href="https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-interface-definition"/>).
/// Custom resources are described by their CRD schemas, built-ins by <see cref="BuiltInSchemas"/>. Every
/// mutating operation declares <c>fieldValidation</c>, which tells kubectl to validate on the server.
/// </summary>
internal sealed class OpenApiDocuments
{
    private readonly Dictionary<string, JsonObject> _v3 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _v3Hash = new(StringComparer.Ordinal);
    private readonly Lazy<JsonObject> _v2;
    private readonly BuiltInSchemas _builtIns;

    public OpenApiDocuments(ResourceRegistry registry)
    {
        var builtIns = BuiltInSchemas.For(registry.All);
        _builtIns = builtIns;
        var definitions = new Dictionary<string, JsonObject>(builtIns.Definitions, StringComparer.Ordinal);
        Schemas = new SchemaWalker(definitions);
        var rootNames = new Dictionary<FakeResource, (string Item, string List)>();
        foreach (var resource in registry.All)
        {
            if (resource.IsCustom && resource.Schema is not null)
            {
                var item = CustomName(resource, resource.Kind);
                var list = CustomName(resource, resource.Kind + "List");
                definitions[item] = CustomSchema(resource);
                definitions[list] = ListSchema(resource, item);
                rootNames[resource] = (item, list);
            }
            else if (builtIns.RootName(resource.Group, resource.Version, resource.Kind) is { } item)
            {
                rootNames[resource] = (item, builtIns.RootName(resource.Group, resource.Version, resource.Kind + "List") ?? item);
            }
            else
            {
                // A registration without a known model (AdditionalResources): an open object.
                var name = CustomName(resource, resource.Kind);
                definitions[name] = new JsonObject
                {
                    ["type"] = "object",
                    ["x-kubernetes-preserve-unknown-fields"] = true,
                    ["x-kubernetes-group-version-kind"] = Gvk(resource, resource.Kind),
                };
                definitions[name + "List"] = ListSchema(resource, name);
                rootNames[resource] = (name, name + "List");
            }
        }

        foreach (var gv in registry.All.GroupBy(r => r.ApiVersion))
        {
            var paths = new JsonObject();
            foreach (var resource in gv)
            {
                OpenApiPaths.Add(paths, resource, rootNames[resource].Item, rootNames[resource].List);
            }

            var document = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = $"v{DiscoveryDocuments.Major}.{DiscoveryDocuments.Minor}.0" },
                ["paths"] = paths,
                ["components"] = new JsonObject { ["schemas"] = Reachable(paths, definitions) },
            };
            var key = gv.Key.Contains('/', StringComparison.Ordinal) ? "apis/" + gv.Key : "api/" + gv.Key;
            _v3[key] = document;
            _v3Hash[key] = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
        }

        _v2 = new Lazy<JsonObject>(() => OpenApiV2.Build(_v3.Values, definitions));
    }

    /// <summary>Every schema served, for walking (strategic merge patch).</summary>
    public SchemaWalker Schemas { get; }

    /// <summary>The schema name of a built-in kind, or null when the client's models do not know it.</summary>
    public string? BuiltInSchemaName(FakeResource resource) => _builtIns.RootName(resource.Group, resource.Version, resource.Kind);

    /// <summary>The <c>/openapi/v3</c> index: each group/version with its content-addressed URL.</summary>
    public JsonObject V3Index()
    {
        var paths = new JsonObject();
        foreach (var (key, hash) in _v3Hash.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The v3 document of <c>api/v1</c> or <c>apis/group/version</c>, or null.</summary>
    public JsonObject? V3(string key) => _v3.GetValueOrDefault(key);

    /// <summary>The v2 (Swagger 2.0) document of everything served.</summary>
    public JsonObject V2 => _v2.Value;

    /// <summary>Definition name of a custom kind: the reversed group, version, kind (<c>dev.wharf.v1alpha1.Worker</c>).</summary>
    private static string CustomName(FakeResource resource, string kind) =>
        string.Join('.', resource.Group.Split('.').Reverse().Where(s => s.Length > 0)) + $".{resource.Version}.{kind}";

    private static JsonArray Gvk(FakeResource resource, string kind) =>
        new(new JsonObject { ["group"] = resource.Group, ["kind"] = kind, ["version"] = resource.Version });

    /// <summary>The CRD's structural schema as the API server publishes it: standard metadata and type fields filled in.</summary>
    private static JsonObject CustomSchema(FakeResource resource)
    {
        var schema = (JsonObject)resource.Schema!.DeepClone();
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.",
            ["type"] = "string",
        };
        properties["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata.",
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = BuiltInSchemas.RefPrefix + BuiltInSchemas.ObjectMetaName }),
        };
        schema["x-kubernetes-group-version-kind"] = Gvk(resource, resource.Kind);
        return schema;
    }

    private static JsonObject ListSchema(FakeResource resource, string itemName) => new()
    {
        ["description"] = $"{resource.Kind}List is a list of {resource.Kind}",
        ["type"] = "object",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["$ref"] = BuiltInSchemas.RefPrefix + itemName },
            },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = BuiltInSchemas.RefPrefix + BuiltInSchemas.ListMetaName }) },
        },
        ["x-kubernetes-group-version-kind"] = Gvk(resource, resource.Kind + "List"),
    };

    /// <summary>The definitions referenced (transitively) from <paramref name="root"/>.</summary>
    private static JsonObject Reachable(JsonNode root, Dictionary<string, JsonObject> definitions)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "$ref" && value is JsonValue text && text.TryGetValue<string>(out var reference) && reference.StartsWith(BuiltInSchemas.RefPrefix, StringComparison.Ordinal))
                        {
                            var name = reference[BuiltInSchemas.RefPrefix.Length..];
                            if (found.Add(name) && definitions.TryGetValue(name, out var definition))
                            {
                                pending.Push(definition);
                            }
                        }
                        else if (value is not null)
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            pending.Push(item);
                        }
                    }

                    break;
            }
        }

        return new JsonObject([.. found.Where(definitions.ContainsKey).Select(n => KeyValuePair.Create(n, (JsonNode?)definitions[n].DeepClone()))]);
    }
}
