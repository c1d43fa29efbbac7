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

    /// <summary>Built-in types the operator and client are expected to touch, with the names discovery gives them.</summary>
    public static IEnumerable<FakeResource> BuiltIns()
    {
        string[] all = ["all"];
        FakeResource Core(string plural, string kind, bool ns = true, bool status = false, string[]? shortNames = null, string[]? categories = null) =>
            new("", "v1", plural, kind, ns, status) { ShortNames = shortNames ?? [], Categories = categories ?? [] };
        FakeResource Apps(string plural, string kind, string shortName) =>
            new("apps", "v1", plural, kind, true, true) { TracksGeneration = true, ShortNames = [shortName], Categories = all };

        return
        [
            Core("namespaces", "Namespace", ns: false, status: true, shortNames: ["ns"]),
            Core("nodes", "Node", ns: false, status: true, shortNames: ["no"]),
            Core("pods", "Pod", status: true, shortNames: ["po"], categories: all),
            Core("services", "Service", status: true, shortNames: ["svc"], categories: all),
            Core("configmaps", "ConfigMap", shortNames: ["cm"]),
            Core("secrets", "Secret"),
            Core("serviceaccounts", "ServiceAccount", shortNames: ["sa"]),
            Core("events", "Event", shortNames: ["ev"]),
            Core("endpoints", "Endpoints", shortNames: ["ep"]),
            Core("persistentvolumeclaims", "PersistentVolumeClaim", status: true, shortNames: ["pvc"]),
            Apps("deployments", "Deployment", "deploy"),
            Apps("daemonsets", "DaemonSet", "ds"),
            Apps("statefulsets", "StatefulSet", "sts"),
            Apps("replicasets", "ReplicaSet", "rs"),
            new("coordination.k8s.io", "v1", "leases", "Lease", true, false),
            new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, false),
            new("events.k8s.io", "v1", "events", "Event", true, false) { ShortNames = ["ev"] },
            new("networking.k8s.io", "v1", "ingresses", "Ingress", true, true) { TracksGeneration = true, ShortNames = ["ing"] },
            new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true) { TracksGeneration = true, ShortNames = ["pdb"] },
            new("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false),
            new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false),
            new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false),
            new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false),
            new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true)
            {
                TracksGeneration = true,
                ShortNames = ["crd", "crds"],
            },
        ];
    }
}
