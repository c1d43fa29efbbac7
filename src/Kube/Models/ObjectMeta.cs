using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>
/// Standard object metadata carried by every persisted Kubernetes object
/// (<see href="https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/"/>).
/// </summary>
public sealed class ObjectMeta
{
    /// <summary>Object name, unique within its namespace.</summary>
    public string? Name { get; set; }

    /// <summary>Prefix the server uses to generate a unique name when <see cref="Name"/> is empty.</summary>
    public string? GenerateName { get; set; }

    /// <summary>Namespace of a namespaced object; null for cluster-scoped objects.</summary>
    public string? Namespace { get; set; }

    /// <summary>Server-assigned unique id of this incarnation of the object.</summary>
    public string? Uid { get; set; }

    /// <summary>Opaque version for optimistic concurrency and watch resumption.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Sequence number of the desired state (spec), incremented by the server.</summary>
    public long? Generation { get; set; }

    /// <summary>Server time when the object was created.</summary>
    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>Set by the server when a graceful delete was requested; the object goes once finalizers are empty.</summary>
    [JsonConverter(typeof(KubeTimeConverter))]
    public DateTimeOffset? DeletionTimestamp { get; set; }

    /// <summary>Grace period granted with the delete request.</summary>
    public long? DeletionGracePeriodSeconds { get; set; }

    /// <summary>Identifying labels, matched by label selectors.</summary>
    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>Non-identifying metadata.</summary>
    public IDictionary<string, string>? Annotations { get; set; }

    /// <summary>Finalizers that must be removed before the object is deleted.</summary>
    public IList<string>? Finalizers { get; set; }

    /// <summary>Objects this object depends on (garbage collection).</summary>
    public IList<OwnerReference>? OwnerReferences { get; set; }

    /// <summary>Server-side apply field ownership, kept opaque.</summary>
    public JsonElement? ManagedFields { get; set; }
}

/// <summary>Points at the owner of an object; the garbage collector deletes dependents of deleted owners.</summary>
public sealed class OwnerReference
{
    /// <summary>API version of the owner, e.g. <c>wharf.dev/v1alpha1</c>.</summary>
    public string ApiVersion { get; set; } = "";

    /// <summary>Kind of the owner.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Name of the owner.</summary>
    public string Name { get; set; } = "";

    /// <summary>UID of the owner.</summary>
    public string Uid { get; set; } = "";

    /// <summary>True when the owner is the managing controller.</summary>
    public bool? Controller { get; set; }

    /// <summary>True when the owner cannot be deleted before this dependent is gone (foreground deletion).</summary>
    public bool? BlockOwnerDeletion { get; set; }
}

/// <summary>Metadata of a list response.</summary>
public sealed class ListMeta
{
    /// <summary>Resource version of the list snapshot; a watch started from it sees every later change.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Token to fetch the next page, when the list was limited.</summary>
    [JsonPropertyName("continue")]
    public string? Continue { get; set; }

    /// <summary>Estimated number of items left after this page, when the server knows it.</summary>
    public long? RemainingItemCount { get; set; }
}
