using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Wharf.Kube.Fake;

/// <summary>Non-resource endpoints: version, health, discovery and OpenAPI.</summary>
internal sealed partial class RequestHandler
{
    private const string AggregatedDiscovery = "APIGroupDiscoveryList";
    private const string ProtobufOpenApiV2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>Serves the request if it is for a non-resource path; false when it is a resource request.</summary>
    private async Task<bool> TryServeNonResourceAsync(HttpContext http)
    {
        var path = (http.Request.Path.Value ?? "/").TrimEnd('/');
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isResourcePath = segments is ["api", _, _, ..] or ["apis", _, _, _, ..];
        if (isResourcePath)
        {
            return false;
        }

        if (!HttpMethods.IsGet(http.Request.Method))
        {
            await WriteStatusAsync(http, new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")).ConfigureAwait(false);
            return true;
        }

        var accept = MediaType.ParseAccept(http.Request.Headers.Accept.ToString());
        JsonObject? body = segments switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["healthz" or "livez" or "readyz"] => null,
            ["api"] => null,
            ["apis"] => null,
            ["api", "v1"] => discovery.ResourceList("", "v1"),
            ["api", _] => null,
            ["apis", var group] => discovery.ApiGroup(group),
            ["apis", var group, var version] => discovery.ResourceList(group, version),
            ["openapi", "v2"] => null,
            ["openapi", "v3"] => openApi.V3Index(),
            ["openapi", "v3", .. var rest] => openApi.V3(string.Join('/', rest)),
            _ => null,
        };

        switch (segments)
        {
            case ["healthz" or "livez" or "readyz"]:
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync("ok", http.RequestAborted).ConfigureAwait(false);
                return true;
            case ["api"] or ["apis"]:
                await WriteDiscoveryRootAsync(http, accept, core: segments[0] == "api").ConfigureAwait(false);
                return true;
            case ["openapi", "v2"]:
                await WriteOpenApiV2Async(http, accept).ConfigureAwait(false);
                return true;
        }

        if (body is null)
        {
            await WriteStatusAsync(http, ApiError.UnknownResource()).ConfigureAwait(false);
            return true;
        }

        if (!accept.Any(a => a.AcceptsJson && a.As.Length == 0))
        {
            await WriteStatusAsync(http, NotAcceptable()).ConfigureAwait(false);
            return true;
        }

        if (segments is ["openapi", "v3", _, ..] && http.Request.Query.ContainsKey("hash"))
        {
            // Content-addressed URLs from the index never change: clients may cache them for good.
            http.Response.Headers.CacheControl = "public, immutable";
        }

        await WriteJsonAsync(http, 200, body, null).ConfigureAwait(false);
        return true;
    }

    /// <summary><c>/api</c> and <c>/apis</c>: the aggregated form when asked for (v2 or v2beta1), else the legacy lists.</summary>
    private Task WriteDiscoveryRootAsync(HttpContext http, IReadOnlyList<MediaType> accept, bool core)
    {
        foreach (var range in accept)
        {
            if (range.Type == "application/json" && range.As == AggregatedDiscovery && range.Group == "apidiscovery.k8s.io"
                && range.Version is "v2" or "v2beta1")
            {
                var document = discovery.Aggregated(core, range.Version);
                return WriteJsonAsync(http, 200, document, null,
                    $"application/json;g=apidiscovery.k8s.io;v={range.Version};as={AggregatedDiscovery}");
            }

            if (range.AcceptsJson && range.As.Length == 0)
            {
                var serverAddress = $"{http.Request.Host.Host}:{http.Request.Host.Port ?? 80}";
                return WriteJsonAsync(http, 200, core ? DiscoveryDocuments.ApiVersions(serverAddress) : discovery.ApiGroupList(), null);
            }
        }

        return WriteStatusAsync(http, NotAcceptable());
    }

    /// <summary>
    /// <c>/openapi/v2</c> in JSON. Clients asking for protobuf only (kubectl's OpenAPI v2 client) get 406, which
    /// kubectl treats as "no v2": it then works from OpenAPI v3, as against servers without v2.
    /// </summary>
    private Task WriteOpenApiV2Async(HttpContext http, IReadOnlyList<MediaType> accept)
    {
        if (accept.Any(a => a.AcceptsJson && a.As.Length == 0))
        {
            return WriteJsonAsync(http, 200, openApi.V2, null);
        }

        return WriteStatusAsync(http, NotAcceptable());
    }

    private static ApiError NotAcceptable() =>
        new(406, "NotAcceptable", "only the following media types are accepted: application/json");
}
