using Wharf.Api.Runtime;
using k8s.Models;

namespace Wharf.Operator.Runtime;

/// <summary>Builds the tenant's runtime ConfigMap: k2's runtime config contract as JSON under <see cref="RuntimeConfig.ConfigMapKey"/>.</summary>
internal static class RuntimeConfigMapBuilder
{
    /// <summary>
    /// The ConfigMap for <paramref name="tenant"/> serving <paramref name="workers"/> with <paramref name="kvNamespaces"/>.
    /// Entries are sorted, so equal inputs give byte-identical data and an equal config hash.
    /// </summary>
    public static V1ConfigMap BuildRuntimeConfigMap(
        string tenant, IEnumerable<RuntimeWorker> workers, IEnumerable<RuntimeKvNamespace> kvNamespaces, IReadOnlyList<V1OwnerReference> owners)
    {
        var json = RuntimeConfigSerializer.Serialize(RuntimeConfigBuilder.Build(tenant, workers, kvNamespaces));
        return new V1ConfigMap
        {
            ApiVersion = V1ConfigMap.KubeApiVersion,
            Kind = V1ConfigMap.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = TenantNames.Runtime,
                NamespaceProperty = tenant,
                Labels = TenantNames.Labels(tenant),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [TenantNames.ConfigHashAnnotation] = TenantNames.Hash(json) },
                OwnerReferences = [.. owners],
            },
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [RuntimeConfig.ConfigMapKey] = json },
        };
    }

    /// <summary>The config a ConfigMap holds, or null when it holds none or an unreadable one.</summary>
    public static RuntimeConfig? Read(V1ConfigMap? configMap)
    {
        if (configMap?.Data is null || !configMap.Data.TryGetValue(RuntimeConfig.ConfigMapKey, out var json))
        {
            return null;
        }

        try
        {
            return RuntimeConfigSerializer.Deserialize(json);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
