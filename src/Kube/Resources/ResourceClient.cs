using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Wharf.Kube.Http;
using Wharf.Kube.Models;

namespace Wharf.Kube.Resources;

/// <summary>
/// CRUD, patch, server-side apply, status and watch for one resource type. Obtain it from
/// <see cref="KubernetesClient.Resource{T}"/> or the built-in properties of <see cref="KubernetesClient"/>.
/// For namespaced resources a null namespace means the object's <c>metadata.namespace</c>, else the client's
/// default namespace; for list/watch a null namespace means all namespaces.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed partial class ResourceClient<T>
    where T : class, IKubernetesObject
{
    private const string JsonMediaType = "application/json";
    private readonly KubernetesClient _client;
    private readonly JsonTypeInfo<T> _typeInfo;

    internal ResourceClient(KubernetesClient client, ResourceDescriptor descriptor, JsonTypeInfo<T> typeInfo)
    {
        _client = client;
        Descriptor = descriptor;
        _typeInfo = typeInfo;
    }

    /// <summary>The resource this client addresses.</summary>
    public ResourceDescriptor Descriptor { get; }

    internal KubernetesClient Client => _client;

    internal JsonTypeInfo<T> TypeInfo => _typeInfo;

    /// <summary>Reads an object; throws <see cref="KubernetesNotFoundException"/> when absent.</summary>
    public Task<T> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Get, ObjectPath(@namespace, name), null, _typeInfo, cancellationToken);

    /// <summary>Reads an object, or null when it does not exist.</summary>
    public async Task<T?> TryGetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(name, @namespace, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Lists one page; pass <see cref="ListOptions.Limit"/> and <see cref="ListOptions.Continue"/> to paginate.</summary>
    public async Task<KubernetesList<T>> ListAsync(
        string? @namespace = null, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(CollectionPath(@namespace, forList: true)).AddList(options).ToString();
        using var response = await _client.SendAsync(HttpMethod.Get, path, null, streaming: false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseList(body);
    }

    /// <summary>
    /// Lists every page (following <c>continue</c> tokens with page size <see cref="ListOptions.Limit"/>, default 500)
    /// and returns one list whose resourceVersion is the consistent snapshot the pages came from.
    /// </summary>
    public async Task<KubernetesList<T>> ListAllAsync(
        string? @namespace = null, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var page = (options ?? new ListOptions()) with { Continue = null };
        page = page with { Limit = page.Limit ?? 500 };
        var all = new KubernetesList<T>();
        while (true)
        {
            KubernetesList<T> list;
            try
            {
                list = await ListAsync(@namespace, page, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesGoneException) when (page.Continue is not null)
            {
                // The continue token expired (the snapshot was compacted): start over with one unpaginated list,
                // as client-go's pager does, so the result is still one consistent snapshot.
                all.Items.Clear();
                page = page with { Continue = null, Limit = null };
                continue;
            }

            foreach (var item in list.Items)
            {
                all.Items.Add(item);
            }

            all.ApiVersion = list.ApiVersion;
            all.Kind = list.Kind;
            all.Metadata.ResourceVersion = list.Metadata.ResourceVersion;
            if (string.IsNullOrEmpty(list.Metadata.Continue))
            {
                return all;
            }

            page = page with { Continue = list.Metadata.Continue };
        }
    }

    /// <summary>Creates an object; throws <see cref="KubernetesConflictException"/> with <c>AlreadyExists</c> when it exists.</summary>
    public Task<T> CreateAsync(T obj, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        StampTypeMeta(obj);
        var path = CollectionPath(@namespace ?? obj.Metadata.Namespace, forList: false);
        return _client.SendAsync(HttpMethod.Post, path, Json(obj), _typeInfo, cancellationToken);
    }

    /// <summary>
    /// Replaces an object (PUT). With <c>metadata.resourceVersion</c> set, a concurrent change makes the server
    /// answer 409 (<see cref="KubernetesConflictException"/>): re-read and retry.
    /// </summary>
    public Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken = default)
    {
        StampTypeMeta(obj);
        return _client.SendAsync(HttpMethod.Put, ObjectPath(obj.Metadata.Namespace, NameOf(obj)), Json(obj), _typeInfo, cancellationToken);
    }

    /// <summary>
    /// Deletes an object. Returns the object when it still exists afterwards (finalizers or graceful deletion pending),
    /// null when it is gone. Throws <see cref="KubernetesNotFoundException"/> when it did not exist.
    /// </summary>
    public async Task<T?> DeleteAsync(
        string name, string? @namespace = null, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        RequestBody? content = options is null ? null : DeleteBody(options);
        using var response = await _client.SendAsync(HttpMethod.Delete, ObjectPath(@namespace, name), content, streaming: false, cancellationToken)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(body);
        var isStatus = doc.RootElement.ValueKind == JsonValueKind.Object &&
            doc.RootElement.TryGetProperty("kind", out var kind) && kind.ValueEquals("Status");
        return isStatus ? null : doc.RootElement.Deserialize(_typeInfo);
    }

    /// <summary>
    /// Server-side apply (<see href="https://kubernetes.io/docs/reference/using-api/server-side-apply/"/>): sends the
    /// fields this manager wants to own. <paramref name="force"/> takes ownership of conflicting fields
    /// (otherwise a conflict is a <see cref="KubernetesConflictException"/>). Creates the object when absent.
    /// </summary>
    public Task<T> ApplyAsync(T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default) =>
        ApplyCoreAsync(obj, fieldManager, force, subresource: null, cancellationToken);

    /// <summary>Applies a JSON merge patch (RFC 7386) to an object.</summary>
    public Task<T> MergePatchAsync(string name, JsonNode patch, string? @namespace = null, CancellationToken cancellationToken = default) =>
        PatchCoreAsync(name, @namespace, patch, subresource: null, cancellationToken);

    private Task<T> ApplyCoreAsync(T obj, string fieldManager, bool force, string? subresource, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(fieldManager))
        {
            throw new ArgumentException("Server-side apply needs a field manager.", nameof(fieldManager));
        }

        StampTypeMeta(obj);
        var path = new QueryString(ObjectPath(obj.Metadata.Namespace, NameOf(obj), subresource))
            .Add("fieldManager", fieldManager)
            .Add("force", force)
            .ToString();

        // JSON is YAML, so the apply-patch+yaml media type accepts the JSON body as is.
        var content = new RequestBody(JsonSerializer.SerializeToUtf8Bytes(obj, _typeInfo), "application/apply-patch+yaml");
        return _client.SendAsync(HttpMethod.Patch, path, content, _typeInfo, cancellationToken);
    }

    private Task<T> PatchCoreAsync(string name, string? @namespace, JsonNode patch, string? subresource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var content = new RequestBody(Encoding.UTF8.GetBytes(patch.ToJsonString()), "application/merge-patch+json");
        return _client.SendAsync(HttpMethod.Patch, ObjectPath(@namespace, name, subresource), content, _typeInfo, cancellationToken);
    }

    internal KubernetesList<T> ParseList(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var list = new KubernetesList<T>();
        if (root.TryGetProperty("apiVersion", out var apiVersion))
        {
            list.ApiVersion = apiVersion.GetString();
        }

        if (root.TryGetProperty("kind", out var kind))
        {
            list.Kind = kind.GetString();
        }

        if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            list.Metadata = meta.Deserialize(KubeJsonContext.Default.ListMeta) ?? new ListMeta();
        }

        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                var obj = item.Deserialize(_typeInfo)!;

                // Items of a list omit apiVersion/kind on the wire; fill them in for the caller.
                StampTypeMeta(obj);
                list.Items.Add(obj);
            }
        }

        return list;
    }

    internal string CollectionPath(string? @namespace, bool forList) =>
        Descriptor.BuildPath(Descriptor.Namespaced ? (forList ? @namespace : @namespace ?? _client.Options.Namespace) : null);

    internal string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Descriptor.BuildPath(Descriptor.Namespaced ? @namespace ?? _client.Options.Namespace : null, name, subresource);
    }

    private void StampTypeMeta(T obj)
    {
        if (string.IsNullOrEmpty(obj.ApiVersion))
        {
            obj.ApiVersion = Descriptor.ApiVersion;
        }

        if (string.IsNullOrEmpty(obj.Kind))
        {
            obj.Kind = Descriptor.Kind;
        }
    }

    private static string NameOf(T obj) =>
        obj.Metadata?.Name is { Length: > 0 } name ? name : throw new ArgumentException("The object has no metadata.name.", nameof(obj));

    private RequestBody Json(T obj) => new(JsonSerializer.SerializeToUtf8Bytes(obj, _typeInfo), JsonMediaType);

    private static RequestBody DeleteBody(DeleteOptions options)
    {
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions" };
        if (options.PropagationPolicy is { } policy)
        {
            body["propagationPolicy"] = policy.ToString();
        }

        if (options.GracePeriodSeconds is { } grace)
        {
            body["gracePeriodSeconds"] = grace;
        }

        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var pre = new JsonObject();
            if (options.PreconditionUid is not null)
            {
                pre["uid"] = options.PreconditionUid;
            }

            if (options.PreconditionResourceVersion is not null)
            {
                pre["resourceVersion"] = options.PreconditionResourceVersion;
            }

            body["preconditions"] = pre;
        }

        return new RequestBody(Encoding.UTF8.GetBytes(body.ToJsonString()), JsonMediaType);
    }
}
