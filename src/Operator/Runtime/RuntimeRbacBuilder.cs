using System.Text.Json.Nodes;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;

namespace Wharf.Operator.Runtime;

/// <summary>
/// Builds the per-tenant identity of the runtime pods: a ServiceAccount, a Role allowed to read only the tenant's
/// runtime ConfigMap and the Secrets its workers bind (by <c>resourceNames</c>), and the RoleBinding between them.
/// A per-tenant Role is needed because a ClusterRole cannot limit a pod to the ConfigMap of its own namespace.
/// </summary>
internal static class RuntimeRbacBuilder
{
    public static ResourceDescriptor ServiceAccounts { get; } = new("", "v1", "serviceaccounts", "ServiceAccount", true);

    public static ResourceDescriptor Roles { get; } = new("rbac.authorization.k8s.io", "v1", "roles", "Role", true);

    public static ResourceDescriptor RoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);

    public static UnstructuredObject BuildRuntimeServiceAccount(string tenant, IReadOnlyList<OwnerReference> owners) =>
        New(ServiceAccounts, tenant, owners);

    /// <summary>
    /// Read access to ConfigMap <see cref="TenantNames.Runtime"/> (get/list/watch: <c>list</c> and <c>watch</c> honour
    /// resourceNames only with a <c>metadata.name</c> field selector, which is how the runtime watches it) and
    /// <c>get</c> on <paramref name="secretNames"/>, the Secrets its workers bind. Only <c>get</c> on Secrets keeps the
    /// operator itself at <c>get</c> on Secrets (RBAC forbids granting more than the granter holds).
    /// </summary>
    public static UnstructuredObject BuildRuntimeRole(string tenant, IEnumerable<string> secretNames, IReadOnlyList<OwnerReference> owners)
    {
        var role = New(Roles, tenant, owners);
        var rules = new JsonArray
        {
            new JsonObject
            {
                ["apiGroups"] = new JsonArray(""),
                ["resources"] = new JsonArray("configmaps"),
                ["resourceNames"] = new JsonArray(TenantNames.Runtime),
                ["verbs"] = new JsonArray("get", "list", "watch"),
            },
        };
        var secrets = secretNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (secrets.Length > 0)
        {
            rules.Add(new JsonObject
            {
                ["apiGroups"] = new JsonArray(""),
                ["resources"] = new JsonArray("secrets"),
                ["resourceNames"] = new JsonArray([.. secrets.Select(s => (JsonNode)JsonValue.Create(s))]),
                ["verbs"] = new JsonArray("get"),
            });
        }

        role["rules"] = rules;
        return role;
    }

    public static UnstructuredObject BuildRuntimeRoleBinding(string tenant, IReadOnlyList<OwnerReference> owners)
    {
        var binding = New(RoleBindings, tenant, owners);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = TenantNames.Runtime };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = TenantNames.Runtime, ["namespace"] = tenant });
        return binding;
    }

    private static UnstructuredObject New(ResourceDescriptor descriptor, string tenant, IReadOnlyList<OwnerReference> owners) => new()
    {
        ApiVersion = descriptor.ApiVersion,
        Kind = descriptor.Kind,
        Metadata = new ObjectMeta
        {
            Name = TenantNames.Runtime,
            Namespace = tenant,
            Labels = TenantNames.Labels(tenant),
            OwnerReferences = [.. owners],
        },
    };
}
