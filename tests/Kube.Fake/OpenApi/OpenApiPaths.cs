using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake;

/// <summary>The REST operations of one resource as OpenAPI v3 path items, with the Kubernetes extensions clients read.</summary>
internal static class OpenApiPaths
{
    public static void Add(JsonObject paths, FakeResource resource, string itemName, string listName)
    {
        var root = resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}";
        var collection = resource.Namespaced ? $"{root}/namespaces/{{namespace}}/{resource.Plural}" : $"{root}/{resource.Plural}";
        var scope = resource.Namespaced ? new[] { Path("namespace", "object name and auth scope, such as for teams and projects") } : [];
        var item = Ref(itemName);
        var list = Ref(listName);
        var kind = resource.Kind;

        paths[collection] = new JsonObject
        {
            ["get"] = Operation(resource, "list", $"list or watch objects of kind {kind}", list, null, ListParameters()),
            ["post"] = Operation(resource, "post", $"create a {kind}", item, ["application/json", "application/yaml"], WriteParameters(), item),
            ["delete"] = Operation(resource, "deletecollection", $"delete collection of {kind}", Ref(BuiltInSchemas.MetaPackage + ".Status"), null, ListParameters()),
            ["parameters"] = Parameters([.. scope, Query("pretty", "If 'true', then the output is pretty printed.", "string")]),
        };
        paths[$"{collection}/{{name}}"] = ObjectPaths(resource, item, [Path("name", $"name of the {kind}"), .. scope], withDelete: true);
        if (resource.HasStatus)
        {
            paths[$"{collection}/{{name}}/status"] = ObjectPaths(resource, item, [Path("name", $"name of the {kind}"), .. scope], withDelete: false);
        }

        if (resource.Namespaced)
        {
            paths[$"{root}/{resource.Plural}"] = new JsonObject
            {
                ["get"] = Operation(resource, "list", $"list or watch objects of kind {kind} in all namespaces", list, null, ListParameters()),
                ["parameters"] = Parameters([Query("pretty", "If 'true', then the output is pretty printed.", "string")]),
            };
        }
    }

    private static JsonObject ObjectPaths(FakeResource resource, JsonObject item, JsonObject[] pathParameters, bool withDelete)
    {
        var kind = resource.Kind;
        string[] patchTypes = resource.IsCustom || resource.Schema is not null
            ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
            : ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];
        var result = new JsonObject
        {
            ["get"] = Operation(resource, "get", $"read the specified {kind}", item, null, []),
            ["put"] = Operation(resource, "put", $"replace the specified {kind}", item, ["application/json", "application/yaml"], WriteParameters(), item),
            ["patch"] = Operation(resource, "patch", $"partially update the specified {kind}", item, patchTypes,
                [.. WriteParameters(), Query("force", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people.", "boolean")],
                new JsonObject { ["type"] = "object", ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." }),
        };
        if (withDelete)
        {
            result["delete"] = Operation(resource, "delete", $"delete a {kind}", Ref(BuiltInSchemas.MetaPackage + ".Status"), null,
                [Query("dryRun", DryRun, "string"), Query("gracePeriodSeconds", "The duration in seconds before the object should be deleted.", "integer"),
                 Query("propagationPolicy", "Whether and how garbage collection will be performed.", "string")]);
        }

        result["parameters"] = Parameters([.. pathParameters, Query("pretty", "If 'true', then the output is pretty printed.", "string")]);
        return result;
    }

    private const string DryRun = "When present, indicates that modifications should not be persisted.";

    private static JsonObject[] WriteParameters() =>
    [
        Query("dryRun", DryRun, "string"),
        Query("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.", "string"),
        Query("fieldValidation", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict", "string"),
    ];

    private static JsonObject[] ListParameters() =>
    [
        Query("allowWatchBookmarks", "allowWatchBookmarks requests watch events with type \"BOOKMARK\".", "boolean"),
        Query("continue", "The continue option should be set when retrieving more results from the server.", "string"),
        Query("fieldSelector", "A selector to restrict the list of returned objects by their fields. Defaults to everything.", "string"),
        Query("labelSelector", "A selector to restrict the list of returned objects by their labels. Defaults to everything.", "string"),
        Query("limit", "limit is a maximum number of responses to return for a list call.", "integer"),
        Query("resourceVersion", "resourceVersion sets a constraint on what resource versions a request may be served from.", "string"),
        Query("timeoutSeconds", "Timeout for the list/watch call.", "integer"),
        Query("watch", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.", "boolean"),
    ];

    private static JsonObject Operation(FakeResource resource, string action, string description, JsonObject response,
        string[]? bodyTypes, JsonObject[] parameters, JsonObject? body = null)
    {
        var operation = new JsonObject
        {
            ["description"] = description,
            ["operationId"] = action + resource.Kind,
            ["tags"] = new JsonArray(resource.Group.Length == 0 ? "core_" + resource.Version : resource.Group.Replace('.', '_') + "_" + resource.Version),
        };
        if (parameters.Length > 0)
        {
            operation["parameters"] = Parameters(parameters);
        }

        if (bodyTypes is not null)
        {
            var content = new JsonObject();
            foreach (var type in bodyTypes)
            {
                content[type] = new JsonObject { ["schema"] = (body ?? response).DeepClone() };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        var produced = new JsonObject();
        foreach (var type in new[] { "application/json", "application/yaml" })
        {
            produced[type] = new JsonObject { ["schema"] = response.DeepClone() };
        }

        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = produced },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        };
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = new JsonObject
        {
            ["group"] = resource.Group,
            ["version"] = resource.Version,
            ["kind"] = resource.Kind,
        };
        return operation;
    }

    private static JsonArray Parameters(IEnumerable<JsonObject> parameters) => new([.. parameters.Select(p => p.DeepClone())]);

    private static JsonObject Ref(string name) => new() { ["$ref"] = BuiltInSchemas.RefPrefix + name };

    private static JsonObject Path(string name, string description) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["description"] = description,
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Query(string name, string description, string type) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };
}
