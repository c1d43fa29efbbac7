using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>The pod fields an operator sets (core/v1 PodSpec subset).</summary>
public sealed class PodSpec
{
    /// <summary>Application containers.</summary>
    public IList<Container> Containers { get; set; } = [];

    /// <summary>Containers run to completion before the app containers.</summary>
    public IList<Container>? InitContainers { get; set; }

    /// <summary>Volumes mountable by containers.</summary>
    public IList<Volume>? Volumes { get; set; }

    /// <summary>Service account the pod runs as.</summary>
    public string? ServiceAccountName { get; set; }

    /// <summary>Whether the service-account token is mounted.</summary>
    public bool? AutomountServiceAccountToken { get; set; }

    /// <summary>Nodes must carry these labels.</summary>
    public IDictionary<string, string>? NodeSelector { get; set; }

    /// <summary>Taints the pod tolerates.</summary>
    public IList<Toleration>? Tolerations { get; set; }

    /// <summary>Pod-level security settings.</summary>
    public PodSecurityContext? SecurityContext { get; set; }

    /// <summary>Priority class name.</summary>
    public string? PriorityClassName { get; set; }

    /// <summary>Grace period on termination.</summary>
    public long? TerminationGracePeriodSeconds { get; set; }

    /// <summary>Use the node's network namespace.</summary>
    public bool? HostNetwork { get; set; }

    /// <summary><c>Always</c>, <c>OnFailure</c> or <c>Never</c>.</summary>
    public string? RestartPolicy { get; set; }
}

/// <summary>One container.</summary>
public sealed class Container
{
    /// <summary>Container name, unique in the pod.</summary>
    public string Name { get; set; } = "";

    /// <summary>Image reference.</summary>
    public string? Image { get; set; }

    /// <summary><c>Always</c>, <c>IfNotPresent</c> or <c>Never</c>.</summary>
    public string? ImagePullPolicy { get; set; }

    /// <summary>Entrypoint override.</summary>
    public IList<string>? Command { get; set; }

    /// <summary>Arguments.</summary>
    public IList<string>? Args { get; set; }

    /// <summary>Environment variables.</summary>
    public IList<EnvVar>? Env { get; set; }

    /// <summary>Environment imported from ConfigMaps/Secrets.</summary>
    public IList<EnvFromSource>? EnvFrom { get; set; }

    /// <summary>Exposed ports (informational, and named targets for probes/services).</summary>
    public IList<ContainerPort>? Ports { get; set; }

    /// <summary>CPU/memory requests and limits.</summary>
    public ResourceRequirements? Resources { get; set; }

    /// <summary>Restarts the container when failing.</summary>
    public Probe? LivenessProbe { get; set; }

    /// <summary>Gates traffic while failing.</summary>
    public Probe? ReadinessProbe { get; set; }

    /// <summary>Holds other probes until the app started.</summary>
    public Probe? StartupProbe { get; set; }

    /// <summary>Volume mounts.</summary>
    public IList<VolumeMount>? VolumeMounts { get; set; }

    /// <summary>Container security settings.</summary>
    public SecurityContext? SecurityContext { get; set; }
}

/// <summary>An environment variable.</summary>
public sealed class EnvVar
{
    /// <summary>Variable name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Literal value.</summary>
    public string? Value { get; set; }

    /// <summary>Value taken from another source.</summary>
    public EnvVarSource? ValueFrom { get; set; }
}

/// <summary>Source of an environment variable's value.</summary>
public sealed class EnvVarSource
{
    /// <summary>A key of a ConfigMap.</summary>
    public KeySelector? ConfigMapKeyRef { get; set; }

    /// <summary>A key of a Secret.</summary>
    public KeySelector? SecretKeyRef { get; set; }

    /// <summary>A pod field, e.g. <c>spec.nodeName</c>.</summary>
    public ObjectFieldSelector? FieldRef { get; set; }
}

/// <summary>Selects a key of a ConfigMap or Secret.</summary>
public sealed class KeySelector
{
    /// <summary>Object name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Key within the object.</summary>
    public string Key { get; set; } = "";

    /// <summary>When true a missing object/key is not an error.</summary>
    public bool? Optional { get; set; }
}

/// <summary>Selects a field of the pod.</summary>
public sealed class ObjectFieldSelector
{
    /// <summary>Field path, e.g. <c>metadata.namespace</c>.</summary>
    public string FieldPath { get; set; } = "";
}

/// <summary>Imports all keys of a ConfigMap or Secret as environment variables.</summary>
public sealed class EnvFromSource
{
    /// <summary>Prefix added to each variable name.</summary>
    public string? Prefix { get; set; }

    /// <summary>The ConfigMap to import.</summary>
    public LocalObjectReference? ConfigMapRef { get; set; }

    /// <summary>The Secret to import.</summary>
    public LocalObjectReference? SecretRef { get; set; }
}

/// <summary>A reference by name within the same namespace.</summary>
public sealed class LocalObjectReference
{
    /// <summary>Object name.</summary>
    public string Name { get; set; } = "";

    /// <summary>When true a missing object is not an error.</summary>
    public bool? Optional { get; set; }
}

/// <summary>A container port.</summary>
public sealed class ContainerPort
{
    /// <summary>Port name (IANA_SVC_NAME).</summary>
    public string? Name { get; set; }

    /// <summary>Port number in the container (<c>containerPort</c> on the wire).</summary>
    [JsonPropertyName("containerPort")]
    public int Port { get; set; }

    /// <summary><c>TCP</c> (default), <c>UDP</c> or <c>SCTP</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>Port on the host.</summary>
    public int? HostPort { get; set; }
}

/// <summary>Compute resources; quantities are strings such as <c>100m</c> or <c>128Mi</c>.</summary>
public sealed class ResourceRequirements
{
    /// <summary>Maximum allowed.</summary>
    public IDictionary<string, string>? Limits { get; set; }

    /// <summary>Guaranteed minimum, used for scheduling.</summary>
    public IDictionary<string, string>? Requests { get; set; }
}
