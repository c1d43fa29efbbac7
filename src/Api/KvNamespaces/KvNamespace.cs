using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Wharf.Api.KvNamespaces;

/// <summary>
/// A key-value namespace that workers of the same namespace bind by name.
/// Mirrors <c>config/crd/bases/wharf.dev_kvnamespaces.yaml</c>.
/// </summary>
public sealed class KvNamespace : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The kind.</summary>
    public const string KindName = "KvNamespace";

    /// <inheritdoc />
    public string ApiVersion { get; set; } = WharfApi.ApiVersion;

    /// <inheritdoc />
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    public required KvNamespaceSpec Spec { get; set; }

    /// <summary>Observed state.</summary>
    public KvNamespaceStatus? Status { get; set; }
}

/// <summary>Desired state of a <see cref="KvNamespace"/>.</summary>
public sealed class KvNamespaceSpec
{
    /// <summary>Storage limits; defaulted by the API server (see <see cref="KvNamespaceDefaults"/>).</summary>
    public KvNamespaceLimits? Limits { get; set; }

    /// <summary>Expiry for writes that set none (Go duration); null keeps entries forever.</summary>
    public string? DefaultTtl { get; set; }

    /// <summary>What happens to the data when the object is deleted (default <see cref="KvDeletionPolicy.Retain"/>).</summary>
    public KvDeletionPolicy? DeletionPolicy { get; set; }
}

/// <summary>Storage limits of a KV namespace.</summary>
public sealed class KvNamespaceLimits
{
    /// <summary>Most keys stored at once.</summary>
    public long? MaxKeys { get; set; }

    /// <summary>Largest value, as a quantity (e.g. <c>1Mi</c>).</summary>
    public string? MaxValueSize { get; set; }

    /// <summary>Total size of keys and values, as a quantity (e.g. <c>100Mi</c>).</summary>
    public string? MaxTotalSize { get; set; }
}

/// <summary>Fate of stored data when its <see cref="KvNamespace"/> is deleted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KvDeletionPolicy>))]
public enum KvDeletionPolicy
{
    /// <summary>Keep the data; a new KvNamespace of the same name sees it again.</summary>
    Retain,

    /// <summary>Delete the data with the object.</summary>
    Delete,
}

/// <summary>Observed state of a <see cref="KvNamespace"/>.</summary>
public sealed class KvNamespaceStatus
{
    /// <summary>The <c>metadata.generation</c> this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions (<c>Ready</c>).</summary>
    public IList<Condition>? Conditions { get; set; }

    /// <summary>Current usage.</summary>
    public KvUsage? Usage { get; set; }
}

/// <summary>Usage of a KV namespace reported by the runtime.</summary>
public sealed class KvUsage
{
    /// <summary>Keys stored.</summary>
    public long? Keys { get; set; }

    /// <summary>Bytes stored (keys and values).</summary>
    public long? Bytes { get; set; }
}

/// <summary>The defaults the KvNamespace CRD applies.</summary>
public static class KvNamespaceDefaults
{
    /// <summary>Default <see cref="KvNamespaceLimits.MaxKeys"/>.</summary>
    public const long MaxKeys = 100_000;

    /// <summary>Default <see cref="KvNamespaceLimits.MaxValueSize"/>.</summary>
    public const string MaxValueSize = "1Mi";

    /// <summary>Default <see cref="KvNamespaceLimits.MaxTotalSize"/>.</summary>
    public const string MaxTotalSize = "100Mi";

    /// <summary>Default <see cref="KvNamespaceSpec.DeletionPolicy"/>.</summary>
    public const KvDeletionPolicy DeletionPolicy = KvDeletionPolicy.Retain;
}
