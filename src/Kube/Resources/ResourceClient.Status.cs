using System.Text.Json.Nodes;

namespace Wharf.Kube.Resources;

/// <summary>The <c>status</c> subresource: writes here change only <c>.status</c> and never bump generation.</summary>
public sealed partial class ResourceClient<T>
{
    private const string StatusSubresource = "status";

    /// <summary>Reads an object through its status subresource.</summary>
    public Task<T> GetStatusAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Get, ObjectPath(@namespace, name, StatusSubresource), null, _typeInfo, cancellationToken);

    /// <summary>Replaces the status (PUT …/status); honours <c>metadata.resourceVersion</c> for optimistic concurrency.</summary>
    public Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken = default)
    {
        StampTypeMeta(obj);
        var path = ObjectPath(obj.Metadata.Namespace, NameOf(obj), StatusSubresource);
        return _client.SendAsync(HttpMethod.Put, path, Json(obj), _typeInfo, cancellationToken);
    }

    /// <summary>Server-side applies the status fields this manager owns (PATCH …/status).</summary>
    public Task<T> ApplyStatusAsync(T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default) =>
        ApplyCoreAsync(obj, fieldManager, force, StatusSubresource, cancellationToken);

    /// <summary>Applies a JSON merge patch to the status, e.g. <c>{"status":{"phase":"Ready"}}</c>.</summary>
    public Task<T> MergePatchStatusAsync(string name, JsonNode patch, string? @namespace = null, CancellationToken cancellationToken = default) =>
        PatchCoreAsync(name, @namespace, patch, StatusSubresource, cancellationToken);
}
