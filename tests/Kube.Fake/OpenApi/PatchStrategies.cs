namespace Wharf.Kube.Fake;

/// <summary>
/// Strategic-merge-patch metadata of the built-in types (the <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags
/// of the Kubernetes API types, <see href="https://git.k8s.io/community/contributors/devel/sig-api-machinery/strategic-merge-patch.md"/>),
/// keyed by KubernetesClient model type name and JSON field. Fields not listed are replaced as a whole.
/// The served OpenAPI carries them as <c>x-kubernetes-patch-strategy</c>/<c>x-kubernetes-patch-merge-key</c>,
/// which is where clients and the fake's own patcher read them.
/// </summary>
internal static class PatchStrategies
{
    private static readonly Dictionary<(string Type, string Field), (string Strategy, string? MergeKey)> Table = new()
    {
        [("V1ObjectMeta", "finalizers")] = ("merge", null),
        [("V1ObjectMeta", "ownerReferences")] = ("merge", "uid"),
        [("V1PodSpec", "volumes")] = ("merge,retainKeys", "name"),
        [("V1PodSpec", "initContainers")] = ("merge", "name"),
        [("V1PodSpec", "containers")] = ("merge", "name"),
        [("V1PodSpec", "ephemeralContainers")] = ("merge", "name"),
        [("V1PodSpec", "imagePullSecrets")] = ("merge", "name"),
        [("V1PodSpec", "hostAliases")] = ("merge", "ip"),
        [("V1PodSpec", "resourceClaims")] = ("merge,retainKeys", "name"),
        [("V1PodSpec", "schedulingGates")] = ("merge", "name"),
        [("V1Container", "ports")] = ("merge", "containerPort"),
        [("V1Container", "env")] = ("merge", "name"),
        [("V1Container", "volumeMounts")] = ("merge", "mountPath"),
        [("V1Container", "volumeDevices")] = ("merge", "devicePath"),
        [("V1EphemeralContainer", "ports")] = ("merge", "containerPort"),
        [("V1EphemeralContainer", "env")] = ("merge", "name"),
        [("V1EphemeralContainer", "volumeMounts")] = ("merge", "mountPath"),
        [("V1EphemeralContainer", "volumeDevices")] = ("merge", "devicePath"),
        [("V1PodStatus", "conditions")] = ("merge", "type"),
        [("V1PodStatus", "podIPs")] = ("merge", "ip"),
        [("V1PodStatus", "hostIPs")] = ("merge", "ip"),
        [("V1ServiceSpec", "ports")] = ("merge", "port"),
        [("V1ServiceStatus", "conditions")] = ("merge", "type"),
        [("V1ServiceAccount", "secrets")] = ("merge", "name"),
        [("V1NodeSpec", "podCIDRs")] = ("merge", null),
        [("V1NodeStatus", "conditions")] = ("merge", "type"),
        [("V1NodeStatus", "addresses")] = ("merge", "type"),
        [("V1NamespaceStatus", "conditions")] = ("merge", "type"),
        [("V1PersistentVolumeClaimStatus", "conditions")] = ("merge", "type"),
        [("V1DeploymentSpec", "strategy")] = ("retainKeys", null),
        [("V1DeploymentStatus", "conditions")] = ("merge", "type"),
        [("V1DaemonSetStatus", "conditions")] = ("merge", "type"),
        [("V1StatefulSetStatus", "conditions")] = ("merge", "type"),
        [("V1ReplicaSetStatus", "conditions")] = ("merge", "type"),
        [("V1PodDisruptionBudgetStatus", "conditions")] = ("merge", "type"),
    };

    public static (string Strategy, string? MergeKey)? Find(string typeName, string field) =>
        Table.TryGetValue((typeName, field), out var entry) ? entry : null;
}
