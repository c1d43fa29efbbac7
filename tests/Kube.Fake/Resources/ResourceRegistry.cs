namespace Wharf.Kube.Fake;

/// <summary>The resource types the fake serves: common built-ins, loaded CRDs and extra registrations.</summary>
internal sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), FakeResource> _byPath = [];

    public ResourceRegistry(IEnumerable<FakeResource> resources)
    {
        foreach (var resource in resources)
        {
            _byPath[(resource.Group, resource.Version, resource.Plural)] = resource;
        }
    }

    public IEnumerable<FakeResource> All => _byPath.Values;

    public FakeResource? Find(string group, string version, string plural) =>
        _byPath.GetValueOrDefault((group, version, plural));

    public FakeResource? FindByKind(string apiVersion, string kind) =>
        _byPath.Values.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    /// <summary>Built-in types the operator and client are expected to touch.</summary>
    public static IEnumerable<FakeResource> BuiltIns()
    {
        FakeResource Core(string plural, string kind, bool ns = true, bool status = false) => new("", "v1", plural, kind, ns, status);
        FakeResource Workload(string plural, string kind) => new("apps", "v1", plural, kind, true, true) { TracksGeneration = true };

        return
        [
            Core("namespaces", "Namespace", ns: false, status: true),
            Core("nodes", "Node", ns: false, status: true),
            Core("pods", "Pod", status: true),
            Core("services", "Service", status: true),
            Core("configmaps", "ConfigMap"),
            Core("secrets", "Secret"),
            Core("serviceaccounts", "ServiceAccount"),
            Core("events", "Event"),
            Core("endpoints", "Endpoints"),
            Core("persistentvolumeclaims", "PersistentVolumeClaim", status: true),
            Workload("deployments", "Deployment"),
            Workload("daemonsets", "DaemonSet"),
            Workload("statefulsets", "StatefulSet"),
            Workload("replicasets", "ReplicaSet"),
            new("coordination.k8s.io", "v1", "leases", "Lease", true, false),
            new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, false),
            new("events.k8s.io", "v1", "events", "Event", true, false),
            new("networking.k8s.io", "v1", "ingresses", "Ingress", true, true) { TracksGeneration = true },
            new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true) { TracksGeneration = true },
            new("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false),
            new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false),
            new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false),
            new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false),
            new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true)
            {
                TracksGeneration = true,
            },
        ];
    }
}
