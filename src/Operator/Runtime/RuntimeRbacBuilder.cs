using k8s.Models;

namespace Wharf.Operator.Runtime;

/// <summary>
/// Builds the per-tenant identity of the runtime pods: a ServiceAccount, a Role allowed to read only the tenant's
/// runtime ConfigMap and the Secrets its workers bind (by <c>resourceNames</c>), and the RoleBinding between them.
/// A per-tenant Role is needed because a ClusterRole cannot limit a pod to the ConfigMap of its own namespace.
/// </summary>
internal static class RuntimeRbacBuilder
{
    private const string RbacApiVersion = V1Role.KubeGroup + "/" + V1Role.KubeApiVersion;

    public static V1ServiceAccount BuildRuntimeServiceAccount(string tenant, IReadOnlyList<V1OwnerReference> owners) => new()
    {
        ApiVersion = V1ServiceAccount.KubeApiVersion,
        Kind = V1ServiceAccount.KubeKind,
        Metadata = Metadata(tenant, owners),
    };

    /// <summary>
    /// Read access to ConfigMap <see cref="TenantNames.Runtime"/> (get/list/watch: <c>list</c> and <c>watch</c> honour
    /// resourceNames only with a <c>metadata.name</c> field selector, which is how the runtime watches it) and
    /// <c>get</c> on <paramref name="secretNames"/>, the Secrets its workers bind. Only <c>get</c> on Secrets keeps the
    /// operator itself at <c>get</c> on Secrets (RBAC forbids granting more than the granter holds).
    /// </summary>
    public static V1Role BuildRuntimeRole(string tenant, IEnumerable<string> secretNames, IReadOnlyList<V1OwnerReference> owners)
    {
        var rules = new List<V1PolicyRule>
        {
            new() { ApiGroups = [""], Resources = ["configmaps"], ResourceNames = [TenantNames.Runtime], Verbs = ["get", "list", "watch"] },
        };
        var secrets = secretNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (secrets.Count > 0)
        {
            rules.Add(new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], ResourceNames = secrets, Verbs = ["get"] });
        }

        return new V1Role { ApiVersion = RbacApiVersion, Kind = V1Role.KubeKind, Metadata = Metadata(tenant, owners), Rules = rules };
    }

    public static V1RoleBinding BuildRuntimeRoleBinding(string tenant, IReadOnlyList<V1OwnerReference> owners) => new()
    {
        ApiVersion = RbacApiVersion,
        Kind = V1RoleBinding.KubeKind,
        Metadata = Metadata(tenant, owners),
        RoleRef = new V1RoleRef { ApiGroup = V1Role.KubeGroup, Kind = V1Role.KubeKind, Name = TenantNames.Runtime },
        Subjects = [new Rbacv1Subject { Kind = V1ServiceAccount.KubeKind, Name = TenantNames.Runtime, NamespaceProperty = tenant }],
    };

    private static V1ObjectMeta Metadata(string tenant, IReadOnlyList<V1OwnerReference> owners) => new()
    {
        Name = TenantNames.Runtime,
        NamespaceProperty = tenant,
        Labels = TenantNames.Labels(tenant),
        OwnerReferences = [.. owners],
    };
}
