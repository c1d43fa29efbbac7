using System.Security.Cryptography;
using System.Text;
using Wharf.Api;
using k8s;
using k8s.Models;

namespace Wharf.Operator.Runtime;

/// <summary>Names, labels and annotations of the objects the operator creates in a tenant namespace.</summary>
internal static class TenantNames
{
    /// <summary>Name of every per-tenant runtime object (ConfigMap, DaemonSet, Service, ServiceAccount, Role, RoleBinding).</summary>
    public const string Runtime = "wharf-runtime";

    /// <summary>Field manager of every server-side apply.</summary>
    public const string FieldManager = "wharf-operator";

    /// <summary>Finalizer on Workers and KvNamespaces.</summary>
    public const string Finalizer = "wharf.dev/finalizer";

    /// <summary>Label every managed object carries; the operator's informers select on it.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Value of <see cref="ManagedByLabel"/>.</summary>
    public const string ManagedByValue = "wharf-operator";

    /// <summary>Label naming the tenant namespace.</summary>
    public const string TenantLabel = "wharf.dev/tenant";

    /// <summary>Hash of the desired state last applied, so unchanged objects are not applied again.</summary>
    public const string AppliedHashAnnotation = "wharf.dev/applied-hash";

    /// <summary>Hash of the runtime config document.</summary>
    public const string ConfigHashAnnotation = "wharf.dev/config-hash";

    /// <summary>Label selector of everything the operator manages.</summary>
    public const string ManagedSelector = ManagedByLabel + "=" + ManagedByValue;

    /// <summary>Selector labels of a tenant's runtime pods (immutable once the DaemonSet exists).</summary>
    public static Dictionary<string, string> SelectorLabels(string tenant) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = Runtime,
        [TenantLabel] = tenant,
    };

    /// <summary>All labels of a tenant's runtime objects.</summary>
    public static Dictionary<string, string> Labels(string tenant)
    {
        var labels = SelectorLabels(tenant);
        labels["app.kubernetes.io/component"] = "node-runtime";
        labels["app.kubernetes.io/part-of"] = "wharf";
        labels[ManagedByLabel] = ManagedByValue;
        return labels;
    }

    /// <summary>
    /// Owner references to every live worker of the tenant (none is the controller): the garbage collector then
    /// removes the runtime objects only when the last worker is gone, even if the operator is not running.
    /// </summary>
    public static List<V1OwnerReference> Owners(IEnumerable<IKubernetesObject<V1ObjectMeta>> workers) =>
        [.. workers
            .Where(w => !string.IsNullOrEmpty(w.Metadata.Uid))
            .OrderBy(w => w.Metadata.Name, StringComparer.Ordinal)
            .Select(w => new V1OwnerReference
            {
                ApiVersion = WharfApi.ApiVersion,
                Kind = Api.Workers.Worker.KindName,
                Name = w.Metadata.Name,
                Uid = w.Metadata.Uid,
            })];

    /// <summary>A short stable hash (first 16 hex digits of SHA-256).</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
