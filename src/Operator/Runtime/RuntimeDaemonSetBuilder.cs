using Wharf.Api.Quotas;
using k8s.Models;
using Wharf.Operator.Options;

namespace Wharf.Operator.Runtime;

/// <summary>Builds the tenant's node-runtime DaemonSet.</summary>
internal static class RuntimeDaemonSetBuilder
{
    /// <summary>Unprivileged uid/gid the runtime runs as (the conventional "nonroot" id of distroless images).</summary>
    internal const long NonRootId = 65532;

    /// <summary>Where the runtime ConfigMap is mounted read-only.</summary>
    internal const string ConfigMountPath = "/etc/wharf";

    /// <summary>
    /// One runtime pod per node, hardened for the restricted Pod Security Standard. The pod template carries
    /// <b>no</b> config hash: the runtime watches its ConfigMap through the API and reloads in place, so a worker
    /// deploy does not restart every runtime pod of the tenant (and drop in-flight requests and warm instances).
    /// The hash is put on the DaemonSet's own metadata for observability only. Pods roll when the template
    /// itself changes (image, resources, options). <see cref="OperatorOptions.RollPodsOnConfigChange"/> puts the hash
    /// on the template as well, for a runtime that reads its config only at start.
    /// </summary>
    public static V1DaemonSet BuildRuntimeDaemonSet(
        string tenant, WorkerQuota? quota, OperatorOptions options, IReadOnlyList<V1OwnerReference> owners, string configHash)
    {
        var labels = TenantNames.Labels(tenant);
        var env = new List<V1EnvVar>
        {
            new() { Name = "WHARF_NAMESPACE", Value = tenant },
            new() { Name = "WHARF_CONFIG_MAP", Value = TenantNames.Runtime },
            new() { Name = "WHARF_PORT", Value = options.NodeRuntimePort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new() { Name = "ASPNETCORE_HTTP_PORTS", Value = options.NodeRuntimePort.ToString(System.Globalization.CultureInfo.InvariantCulture) },

            // The same document as a file (kubelet refreshes ConfigMap volumes), for runtimes that read a file.
            new() { Name = "WHARF_CONFIG", Value = ConfigMountPath + "/" + Api.Runtime.RuntimeConfig.ConfigMapKey },
            new() { Name = "WHARF_MODULES", Value = "/var/cache/wharf/modules" },
            new() { Name = "NODE_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
            new() { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
        };
        if (options.RedisUrl is not null)
        {
            env.Add(new V1EnvVar { Name = "WHARF_REDIS_URL", Value = options.RedisUrl });
        }

        return new V1DaemonSet
        {
            ApiVersion = V1DaemonSet.KubeGroup + "/" + V1DaemonSet.KubeApiVersion,
            Kind = V1DaemonSet.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = TenantNames.Runtime,
                NamespaceProperty = tenant,
                Labels = labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [TenantNames.ConfigHashAnnotation] = configHash },
                OwnerReferences = [.. owners],
            },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = TenantNames.SelectorLabels(tenant) },
                UpdateStrategy = new V1DaemonSetUpdateStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = 1 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = labels,
                        Annotations = options.RollPodsOnConfigChange
                            ? new Dictionary<string, string>(StringComparer.Ordinal) { [TenantNames.ConfigHashAnnotation] = configHash }
                            : null,
                    },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = TenantNames.Runtime,
                        AutomountServiceAccountToken = true, // The runtime reads its ConfigMap (and secret bindings) through the API.
                        TerminationGracePeriodSeconds = 30,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = NonRootId,
                            RunAsGroup = NonRootId,
                            FsGroup = NonRootId,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "runtime",
                                Image = options.NodeRuntimeImage,
                                ImagePullPolicy = "IfNotPresent",
                                Env = env,
                                Ports = [new V1ContainerPort { Name = "http", ContainerPort = options.NodeRuntimePort, Protocol = "TCP" }],
                                Resources = Resources(quota, options),
                                LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 10 },
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = "http" }, PeriodSeconds = 5 },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "config", MountPath = ConfigMountPath, ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "modules", MountPath = "/var/cache/wharf" },
                                    new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                                ],
                                SecurityContext = new V1SecurityContext
                                {
                                    RunAsNonRoot = true,
                                    ReadOnlyRootFilesystem = true,
                                    AllowPrivilegeEscalation = false,
                                    Privileged = false,
                                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                                },
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = TenantNames.Runtime } },
                            new V1Volume { Name = "modules", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("1Gi") } },
                            new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") } },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>The quota's runtime-pod resources, each missing value filled from the operator defaults.</summary>
    private static V1ResourceRequirements Resources(WorkerQuota? quota, OperatorOptions options)
    {
        var q = quota?.Spec.RuntimePods?.Resources;
        var d = options.RuntimePodDefaults;
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(q?.Requests?.Cpu ?? d.CpuRequest),
            ["memory"] = new(q?.Requests?.Memory ?? d.MemoryRequest),
        };
        var limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["memory"] = new(q?.Limits?.Memory ?? d.MemoryLimit) };
        if ((q?.Limits?.Cpu ?? d.CpuLimit) is { } cpuLimit)
        {
            limits["cpu"] = new ResourceQuantity(cpuLimit);
        }

        return new V1ResourceRequirements { Requests = requests, Limits = limits };
    }
}
