using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Wharf.Kube.Fake;

/// <summary>How a response body is represented, chosen from the Accept header.</summary>
/// <param name="As">Empty for the object itself, else <c>Table</c>, <c>PartialObjectMetadata</c> or <c>PartialObjectMetadataList</c>.</param>
/// <param name="Version">Version of the meta.k8s.io kind (<c>v1</c> or <c>v1beta1</c>).</param>
internal sealed record Representation(string As, string Version)
{
    public static Representation Object { get; } = new("", "");
}

/// <summary>
/// Content negotiation (<see href="https://kubernetes.io/docs/reference/using-api/api-concepts/#alternate-representations-of-resources"/>):
/// JSON always; Table and PartialObjectMetadata on request; protobuf never, so clients that ask for protobuf with a
/// JSON fallback (as kubectl's typed clients do) get JSON, as a real server answers for types it cannot encode.
/// </summary>
internal sealed partial class RequestHandler
{
    /// <summary>The first acceptable representation, or null when nothing acceptable is offered (406).</summary>
    private static Representation? Negotiate(string? acceptHeader, string verb)
    {
        foreach (var range in MediaType.ParseAccept(acceptHeader))
        {
            if (range.Type == "application/json" && range.As.Length > 0)
            {
                var readVerb = verb is "get" or "list" or "watch";
                if (readVerb && range.Group == "meta.k8s.io" && range.Version is "v1" or "v1beta1"
                    && range.As is "Table" or "PartialObjectMetadata" or "PartialObjectMetadataList")
                {
                    return new Representation(range.As, range.Version);
                }

                continue;
            }

            if (range.AcceptsJson)
            {
                return Representation.Object;
            }
        }

        return null;
    }

    /// <summary>A stored object or list (or a watch event's object) in the negotiated representation.</summary>
    private JsonObject Present(JsonObject body, FakeResource resource, Representation representation, HttpContext http, bool isList)
    {
        if (representation.As.Length == 0 || (string?)body["kind"] == "Status")
        {
            return body;
        }

        var items = isList ? (body["items"] as JsonArray ?? []).OfType<JsonObject>().ToList() : [body];
        var metadata = isList ? (JsonObject)(body["metadata"]?.DeepClone() ?? new JsonObject())
            : new JsonObject { ["resourceVersion"] = body["metadata"]?["resourceVersion"]?.DeepClone() };
        var apiVersion = $"meta.k8s.io/{representation.Version}";
        if (representation.As == "Table")
        {
            return TableBuilder.Build(resource, items, metadata, http.Request.Query["includeObject"].FirstOrDefault(),
                representation.Version, options.TimeProvider.GetUtcNow());
        }

        JsonObject Partial(JsonObject o) => new()
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = apiVersion,
            ["metadata"] = o["metadata"]?.DeepClone(),
        };

        return isList
            ? new JsonObject
            {
                ["kind"] = "PartialObjectMetadataList",
                ["apiVersion"] = apiVersion,
                ["metadata"] = metadata,
                ["items"] = new JsonArray([.. items.Select(i => (JsonNode)Partial(i))]),
            }
            : Partial(body);
    }
}
