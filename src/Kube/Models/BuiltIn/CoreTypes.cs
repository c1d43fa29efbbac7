using System.Text.Json.Serialization;

namespace Wharf.Kube.Models;

/// <summary>core/v1 Namespace.</summary>
public sealed class Namespace : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Namespace";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Observed state.</summary>
    public NamespaceStatus? Status { get; set; }
}

/// <summary>Namespace status.</summary>
public sealed class NamespaceStatus
{
    /// <summary><c>Active</c> or <c>Terminating</c>.</summary>
    public string? Phase { get; set; }
}

/// <summary>core/v1 ConfigMap.</summary>
public sealed class ConfigMap : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "ConfigMap";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>UTF-8 entries.</summary>
    public IDictionary<string, string>? Data { get; set; }

    /// <summary>Binary entries (base64 on the wire).</summary>
    public IDictionary<string, byte[]>? BinaryData { get; set; }

    /// <summary>When true the data can no longer change.</summary>
    public bool? Immutable { get; set; }
}

/// <summary>core/v1 Secret.</summary>
public sealed class Secret : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Secret";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Secret type, e.g. <c>Opaque</c> or <c>kubernetes.io/tls</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Entries (base64 on the wire).</summary>
    public IDictionary<string, byte[]>? Data { get; set; }

    /// <summary>Write-only convenience entries merged into <see cref="Data"/> by the server.</summary>
    public IDictionary<string, string>? StringData { get; set; }

    /// <summary>When true the data can no longer change.</summary>
    public bool? Immutable { get; set; }
}

/// <summary>core/v1 Service.</summary>
public sealed class Service : IKubernetesObject
{
    /// <inheritdoc />
    public string ApiVersion { get; set; } = "v1";

    /// <inheritdoc />
    public string Kind { get; set; } = "Service";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    public ServiceSpec? Spec { get; set; }
}

/// <summary>Service spec.</summary>
public sealed class ServiceSpec
{
    /// <summary><c>ClusterIP</c>, <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Pods with these labels back the service.</summary>
    public IDictionary<string, string>? Selector { get; set; }

    /// <summary>Exposed ports.</summary>
    public IList<ServicePort>? Ports { get; set; }

    /// <summary>Cluster IP; <c>None</c> for a headless service.</summary>
    [JsonPropertyName("clusterIP")]
    public string? ClusterIP { get; set; }

    /// <summary>Topology-aware routing preference (<c>Local</c> or <c>Cluster</c>).</summary>
    public string? InternalTrafficPolicy { get; set; }
}

/// <summary>One port of a service.</summary>
public sealed class ServicePort
{
    /// <summary>Port name (required when there are several).</summary>
    public string? Name { get; set; }

    /// <summary><c>TCP</c> (default), <c>UDP</c> or <c>SCTP</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>Port the service listens on.</summary>
    public int Port { get; set; }

    /// <summary>Port number or name on the pods.</summary>
    public IntOrString? TargetPort { get; set; }

    /// <summary>Node port for NodePort/LoadBalancer services.</summary>
    public int? NodePort { get; set; }
}

/// <summary>A reference to another object.</summary>
public sealed class ObjectReference
{
    /// <summary>API version of the referent.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Kind of the referent.</summary>
    public string? Kind { get; set; }

    /// <summary>Namespace of the referent.</summary>
    public string? Namespace { get; set; }

    /// <summary>Name of the referent.</summary>
    public string? Name { get; set; }

    /// <summary>UID of the referent.</summary>
    public string? Uid { get; set; }

    /// <summary>Resource version of the referent.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>A field inside the referent, e.g. <c>spec.containers{web}</c>.</summary>
    public string? FieldPath { get; set; }
}
