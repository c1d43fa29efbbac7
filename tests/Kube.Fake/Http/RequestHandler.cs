using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Wharf.Kube.Fake;

/// <summary>Maps HTTP requests onto the store, applying injected faults and logging every request.</summary>
internal sealed partial class RequestHandler(ObjectStore store, ResourceRegistry registry, FaultInjector faults, RequestLog log,
    FakeKubeServerOptions options, DiscoveryDocuments discovery, OpenApiDocuments openApi)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (await TryServeNonResourceAsync(http).ConfigureAwait(false))
        {
            return;
        }

        var route = Route.Parse(http.Request.Path.Value ?? "");
        var resource = route is null ? null : registry.Find(route.Group, route.Version, route.Plural);
        if (route is null || resource is null || (route.Namespace is not null && !resource.Namespaced)
            || (route.Subresource is not null && !(route.Subresource == "status" && resource.HasStatus)))
        {
            await WriteStatusAsync(http, ApiError.UnknownResource()).ConfigureAwait(false);
            return;
        }

        var query = http.Request.Query;
        var verb = VerbOf(http.Request.Method, route, query, http.Request.ContentType);
        var request = new FakeRequest(verb, http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
            route.Group, route.Version, route.Plural, route.Subresource, route.Namespace, route.Name, query["fieldManager"].FirstOrDefault());
        if (verb == "unsupported")
        {
            await WriteStatusAsync(http, new ApiError(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource")).ConfigureAwait(false);
            log.Add(request, 405, injected: false);
            return;
        }

        var representation = Negotiate(http.Request.Headers.Accept.ToString(), verb);
        if (representation is null)
        {
            await WriteStatusAsync(http, NotAcceptable()).ConfigureAwait(false);
            log.Add(request, 406, injected: false);
            return;
        }

        if (http.Request.ContentType?.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal) == true)
        {
            await WriteStatusAsync(http, new ApiError(415, "UnsupportedMediaType", "the fake API server does not decode protobuf; send JSON")).ConfigureAwait(false);
            log.Add(request, 415, injected: false);
            return;
        }

        if (request.IsWrite && query.ContainsKey("dryRun"))
        {
            // Refused rather than written: a dry run that persisted would be worse than none.
            await WriteStatusAsync(http, ApiError.BadRequest("dryRun is not implemented by the fake API server")).ConfigureAwait(false);
            log.Add(request, 400, injected: false);
            return;
        }

        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (verb == "create")
        {
            // Log creates under the created object's name, so WritesTo counts them.
            request = request with { Name = TryName(body) };
        }

        if (faults.TryTake(request) is { } fault)
        {
            var error = ApiError.Injected(fault.StatusCode, fault.Message);
            if (verb == "watch" && fault.StatusCode == 410)
            {
                await WriteWatchErrorAsync(http, error).ConfigureAwait(false);
                log.Add(request, 200, injected: true);
            }
            else
            {
                await WriteStatusAsync(http, error).ConfigureAwait(false);
                log.Add(request, fault.StatusCode, injected: true);
            }

            return;
        }

        int code;
        try
        {
            code = verb == "watch"
                ? await WatchAsync(http, resource, route, query, representation).ConfigureAwait(false)
                : await ExecuteAsync(http, resource, route, verb, body, representation).ConfigureAwait(false);
        }
        catch (ApiError error)
        {
            code = error.Code;
            await WriteStatusAsync(http, error).ConfigureAwait(false);
        }
        catch (Exception bug) when (!http.Response.HasStarted && bug is not OperationCanceledException)
        {
            // A fake bug must surface in the test output, not as a hung connection.
            code = 500;
            await WriteStatusAsync(http, new ApiError(500, "InternalError", $"fake API server bug: {bug}")).ConfigureAwait(false);
        }

        log.Add(request, code, injected: false);
    }

    private static string VerbOf(string method, Route route, IQueryCollection query, string? contentType) => method switch
    {
        "GET" when route.Name is null => IsTrue(query["watch"]) ? "watch" : "list",
        "GET" => "get",
        "POST" when route.Name is null => "create",
        "PUT" when route.Name is not null => "update",
        "PATCH" when route.Name is not null => contentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) == true ? "apply" : "patch",
        "DELETE" when route.Subresource is not null => "unsupported",
        "DELETE" when route.Name is not null => "delete",
        "DELETE" => "deletecollection",
        _ => "unsupported",
    };

    private async Task<int> ExecuteAsync(HttpContext http, FakeResource resource, Route route, string verb, string body, Representation representation)
    {
        var ns = route.Namespace ?? "";
        if (resource.Namespaced && route.Namespace is null && verb is not ("list" or "deletecollection"))
        {
            throw ApiError.UnknownResource();
        }

        var query = http.Request.Query;
        var statusScope = route.Subresource == "status";
        var context = new WriteContext(ManagerOf(http, verb), ValidationOf(query["fieldValidation"].FirstOrDefault()));
        switch (verb)
        {
            case "get":
                return await WriteJsonAsync(http, 200, Present(store.Get(resource, ns, route.Name!), resource, representation, http, isList: false), context).ConfigureAwait(false);
            case "list":
                return await ListAsync(http, resource, route, context, representation).ConfigureAwait(false);
            case "create":
                return await WriteJsonAsync(http, 201, store.Create(resource, ns, ParseObject(body), context), context).ConfigureAwait(false);
            case "update":
                return await WriteJsonAsync(http, 200, store.Update(resource, ns, route.Name!, ParseObject(body), context, statusScope), context).ConfigureAwait(false);
            case "patch":
                return await WriteJsonAsync(http, 200, Patch(http, resource, ns, route.Name!, body, context, statusScope), context).ConfigureAwait(false);
            case "apply":
                if (string.IsNullOrEmpty(query["fieldManager"].FirstOrDefault()))
                {
                    throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                        new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = "PatchOptions", ["causes"] = new JsonArray(new JsonObject
                        {
                            ["reason"] = "FieldValueRequired",
                            ["message"] = "Required value: is required for apply patch",
                            ["field"] = "fieldManager",
                        }) });
                }

                var applied = ParseApplyBody(body);
                var (obj, created) = store.Apply(resource, ns, route.Name!, applied, context, IsTrue(query["force"]), statusScope);
                return await WriteJsonAsync(http, created ? 201 : 200, obj, context).ConfigureAwait(false);
            case "deletecollection":
                return await DeleteCollectionAsync(http, resource, route, body).ConfigureAwait(false);
            default:
                return await DeleteAsync(http, resource, ns, route.Name!, body).ConfigureAwait(false);
        }
    }

    private JsonObject Patch(HttpContext http, FakeResource resource, string ns, string name, string body, WriteContext context, bool statusScope)
    {
        var type = http.Request.ContentType?.Split(';')[0].Trim();
        switch (type)
        {
            case "application/merge-patch+json":
                return store.MergePatch(resource, ns, name, ParseNode(body), context, statusScope);
            case "application/strategic-merge-patch+json" when resource.Schema is null:
                var strategic = ParseNode(body) as JsonObject ?? throw ApiError.BadRequest("a strategic merge patch must be a JSON object");
                var schema = openApi.BuiltInSchemaName(resource);
                return store.Patch(resource, ns, name, current => StrategicMergePatch.Apply((JsonObject)current, strategic, openApi.Schemas, schema), context, statusScope);
            case "application/json-patch+json":
                var operations = ParseNode(body);
                return store.Patch(resource, ns, name, current => JsonPatch.Apply(current, operations), context, statusScope);
            default:
                throw new ApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml{(resource.Schema is null ? ", application/strategic-merge-patch+json" : "")}");
        }
    }

    private async Task<int> DeleteAsync(HttpContext http, FakeResource resource, string ns, string name, string body)
    {
        var query = http.Request.Query;
        var options = string.IsNullOrWhiteSpace(body) ? null : ParseNode(body) as JsonObject;
        var request = new DeleteRequest(
            query["propagationPolicy"].FirstOrDefault() ?? (string?)options?["propagationPolicy"],
            (string?)options?["preconditions"]?["uid"],
            (string?)options?["preconditions"]?["resourceVersion"]);
        var (obj, gone) = store.Delete(resource, ns, name, request);
        if (!gone)
        {
            return await WriteJsonAsync(http, 200, obj, null).ConfigureAwait(false);
        }

        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = ApiError.WithoutNulls(new JsonObject
            {
                ["name"] = name,
                ["group"] = resource.Group.Length == 0 ? null : resource.Group,
                ["kind"] = resource.Plural,
                ["uid"] = obj["metadata"]?["uid"]?.DeepClone(),
            }),
        };
        return await WriteJsonAsync(http, 200, status, null).ConfigureAwait(false);
    }

    /// <summary>Deletes every object matching the selectors; answers with the list of affected objects.</summary>
    private async Task<int> DeleteCollectionAsync(HttpContext http, FakeResource resource, Route route, string body)
    {
        var query = http.Request.Query;
        var options = string.IsNullOrWhiteSpace(body) ? null : ParseNode(body) as JsonObject;
        var policy = query["propagationPolicy"].FirstOrDefault() ?? (string?)options?["propagationPolicy"];
        var (items, _, _, _) = store.List(resource, route.Namespace,
            LabelSelector.Parse(query["labelSelector"].FirstOrDefault()), FieldSelector.Parse(query["fieldSelector"].FirstOrDefault(), resource), 0, null);
        var affected = new JsonArray();
        foreach (var item in items)
        {
            try
            {
                var (obj, _) = store.Delete(resource, (string?)item["metadata"]!["namespace"] ?? "", (string)item["metadata"]!["name"]!,
                    new DeleteRequest(policy, null, null));
                affected.Add(obj);
            }
            catch (ApiError gone) when (gone.Code == 404)
            {
                // Deleted concurrently (e.g. by the garbage collector); nothing left to do.
            }
        }

        var list = new JsonObject
        {
            ["kind"] = resource.Kind + "List",
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.Revision.ToString(CultureInfo.InvariantCulture) },
            ["items"] = affected,
        };
        return await WriteJsonAsync(http, 200, list, null).ConfigureAwait(false);
    }

    private async Task<int> ListAsync(HttpContext http, FakeResource resource, Route route, WriteContext context, Representation representation)
    {
        var query = http.Request.Query;
        var limit = 0;
        if (query["limit"].FirstOrDefault() is { } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit)))
        {
            throw ApiError.BadRequest($"invalid limit \"{limitText}\"");
        }

        var (items, revision, token, remaining) = store.List(resource, route.Namespace,
            LabelSelector.Parse(query["labelSelector"].FirstOrDefault()), FieldSelector.Parse(query["fieldSelector"].FirstOrDefault(), resource),
            limit, query["continue"].FirstOrDefault());
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (token is not null)
        {
            meta["continue"] = token;
            meta["remainingItemCount"] = remaining;
        }

        var list = new JsonObject
        {
            ["kind"] = resource.Kind + "List",
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = meta,
            ["items"] = new JsonArray([.. items]),
        };
        return await WriteJsonAsync(http, 200, Present(list, resource, representation, http, isList: true), context).ConfigureAwait(false);
    }

    private static string ManagerOf(HttpContext http, string verb)
    {
        if (http.Request.Query["fieldManager"].FirstOrDefault() is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = http.Request.Headers.UserAgent.FirstOrDefault();
        return string.IsNullOrEmpty(agent) ? "unknown" : agent.Split('/')[0];
    }

    private static FieldValidation ValidationOf(string? value) => value switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Ignore" => FieldValidation.Ignore,
        "Strict" => FieldValidation.Strict,
        _ => throw ApiError.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Warn\", \"Strict\""),
    };

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.FirstOrDefault() is "true" or "1" or "True";

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static string? TryName(string body)
    {
        try
        {
            return (string?)JsonNode.Parse(body)?["metadata"]?["name"];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonNode ParseNode(string body)
    {
        try
        {
            return JsonNode.Parse(body) ?? throw ApiError.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    private static JsonObject ParseObject(string body) =>
        ParseNode(body) as JsonObject ?? throw ApiError.BadRequest("the request body must be a JSON object");

    private static JsonObject ParseApplyBody(string body)
    {
        try
        {
            // JSON is YAML; YAML bodies (as kubectl sends them) are accepted too.
            return (body.TrimStart().StartsWith('{') ? JsonNode.Parse(body) : YamlJson.Parse(body)) as JsonObject
                ?? throw ApiError.BadRequest("the apply configuration must be an object");
        }
        catch (Exception e) when (e is JsonException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw ApiError.BadRequest($"error decoding YAML/JSON apply configuration: {e.Message}");
        }
    }

    private static async Task<int> WriteJsonAsync(HttpContext http, int code, JsonObject body, WriteContext? context, string contentType = "application/json")
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = contentType;
        foreach (var warning in context?.Warnings ?? [])
        {
            http.Response.Headers.Append("Warning", $"299 - {JsonSerializer.Serialize(warning)}");
        }

        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
        return code;
    }

    private static Task WriteStatusAsync(HttpContext http, ApiError error)
    {
        if (error.Code == 429)
        {
            http.Response.Headers.RetryAfter = "1";
        }

        return WriteJsonAsync(http, error.Code, error.ToStatus(), null);
    }
}
