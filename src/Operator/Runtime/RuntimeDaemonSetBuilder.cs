using Wharf.Api.Quotas;
using Wharf.Kube.Models;
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
    public static DaemonSet BuildRuntimeDaemonSet(
        string tenant, WorkerQuota? quota, OperatorOptions options, IReadOnlyList<OwnerReference> owners, string configHash)
    {
        var labels = TenantNames.Labels(tenant);
        var env = new List<EnvVar>
        {
            new() { Name = "WHARF_NAMESPACE", Value = tenant },
            new() { Name = "WHARF_CONFIG_MAP", Value = TenantNames.Runtime },
            new() { Name = "WHARF_PORT", Value = options.NodeRuntimePort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new() { Name = "ASPNETCORE_HTTP_PORTS", Value = options.NodeRuntimePort.ToString(System.Globalization.CultureInfo.InvariantCulture) },

            // The same document as a file (kubelet refreshes ConfigMap volumes), for runtimes that read a file.
            new() { Name = "WHARF_CONFIG", Value = ConfigMountPath + "/" + Api.Runtime.RuntimeConfig.ConfigMapKey },
            new() { Name = "WHARF_MODULES", Value = "/var/cache/wharf/modules" },
            new() { Name = "NODE_NAME", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
            new() { Name = "POD_NAME", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.name" } } },
        };
        if (options.RedisUrl is not null)
        {
            env.Add(new EnvVar { Name = "WHARF_REDIS_URL", Value = options.RedisUrl });
        }

        return new DaemonSet
        {
            Metadata = new ObjectMeta
            {
                Name = TenantNames.Runtime,
                Namespace = tenant,
                Labels = labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [TenantNames.ConfigHashAnnotation] = configHash },
                OwnerReferences = [.. owners],
            },
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelectorSpec { MatchLabels = TenantNames.SelectorLabels(tenant) },
                UpdateStrategy = new DaemonSetUpdateStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new RollingUpdateDaemonSet { MaxUnavailable = 1 },
                },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta
                    {
                        Labels = labels,
                        Annotations = options.RollPodsOnConfigChange
                            ? new Dictionary<string, string>(StringComparer.Ordinal) { [TenantNames.ConfigHashAnnotation] = configHash }
                            : null,
                    },
                    Spec = new PodSpec
                    {
                        ServiceAccountName = TenantNames.Runtime,
                        AutomountServiceAccountToken = true, // The runtime reads its ConfigMap (and secret bindings) through the API.
                        TerminationGracePeriodSeconds = 30,
                        SecurityContext = new PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = NonRootId,
                            RunAsGroup = NonRootId,
                            FsGroup = NonRootId,
                            SeccompProfile = new SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Containers =
                        [
                            new Container
                            {
                                Name = "runtime",
                                Image = options.NodeRuntimeImage,
                                ImagePullPolicy = "IfNotPresent",
                                Env = env,
                                Ports = [new ContainerPort { Name = "http", Port = options.NodeRuntimePort, Protocol = "TCP" }],
                                Resources = Resources(quota, options),
                                LivenessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/healthz", Port = "http" }, PeriodSeconds = 10 },
                                ReadinessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/readyz", Port = "http" }, PeriodSeconds = 5 },
                                VolumeMounts =
                                [
                                    new VolumeMount { Name = "config", MountPath = ConfigMountPath, ReadOnly = true },
                                    new VolumeMount { Name = "modules", MountPath = "/var/cache/wharf" },
                                    new VolumeMount { Name = "tmp", MountPath = "/tmp" },
                                ],
                                SecurityContext = new SecurityContext
                                {
                                    RunAsNonRoot = true,
                                    ReadOnlyRootFilesystem = true,
                                    AllowPrivilegeEscalation = false,
                                    Privileged = false,
                                    Capabilities = new Capabilities { Drop = ["ALL"] },
                                    SeccompProfile = new SeccompProfile { Type = "RuntimeDefault" },
                                },
                            },
                        ],
                        Volumes =
                        [
                            new Volume { Name = "config", ConfigMap = new ConfigMapVolumeSource { Name = TenantNames.Runtime } },
                            new Volume { Name = "modules", EmptyDir = new EmptyDirVolumeSource { SizeLimit = "1Gi" } },
                            new Volume { Name = "tmp", EmptyDir = new EmptyDirVolumeSource { SizeLimit = "64Mi" } },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>The quota's runtime-pod resources, each missing value filled from the operator defaults.</summary>
    private static ResourceRequirements Resources(WorkerQuota? quota, OperatorOptions options)
    {
        var q = quota?.Spec.RuntimePods?.Resources;
        var d = options.RuntimePodDefaults;
        var requests = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cpu"] = q?.Requests?.Cpu ?? d.CpuRequest,
            ["memory"] = q?.Requests?.Memory ?? d.MemoryRequest,
        };
        var limits = new Dictionary<string, string>(StringComparer.Ordinal) { ["memory"] = q?.Limits?.Memory ?? d.MemoryLimit };
        if ((q?.Limits?.Cpu ?? d.CpuLimit) is { } cpuLimit)
        {
            limits["cpu"] = cpuLimit;
        }

        return new ResourceRequirements { Requests = requests, Limits = limits };
    }
}
