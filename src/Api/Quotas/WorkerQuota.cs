using Wharf.Api.Workers;
using k8s;
using k8s.Models;

namespace Wharf.Api.Quotas;

/// <summary>
/// Per-namespace caps written by cluster admins (tenants may only read it). An absent cap means unlimited,
/// except egress: absent <see cref="WorkerQuotaSpec.AllowedEgress"/> allows none.
/// Mirrors <c>config/crd/bases/wharf.dev_workerquotas.yaml</c>.
/// </summary>
public sealed class WorkerQuota : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The kind.</summary>
    public const string KindName = "WorkerQuota";

    /// <inheritdoc />
    public string ApiVersion { get; set; } = WharfApi.ApiVersion;

    /// <inheritdoc />
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The caps.</summary>
    public required WorkerQuotaSpec Spec { get; set; }

    /// <summary>Usage, written by the operator.</summary>
    public WorkerQuotaStatus? Status { get; set; }
}

/// <summary>The caps of a <see cref="WorkerQuota"/>.</summary>
public sealed class WorkerQuotaSpec
{
    /// <summary>Caps on Worker objects.</summary>
    public WorkerCaps? Workers { get; set; }

    /// <summary>Caps on KvNamespace objects.</summary>
    public KvCaps? Kv { get; set; }

    /// <summary>Egress every worker's <see cref="WorkerSpec.Egress"/> must lie inside; null or empty allows none.</summary>
    public IList<EgressRule>? AllowedEgress { get; set; }

    /// <summary>Module signature policy.</summary>
    public SignaturePolicy? Signatures { get; set; }

    /// <summary>Settings of the tenant's runtime pods.</summary>
    public RuntimePodSettings? RuntimePods { get; set; }
}

/// <summary>Caps on workers.</summary>
public sealed class WorkerCaps
{
    /// <summary>Most Worker objects in the namespace.</summary>
    public int? MaxCount { get; set; }

    /// <summary>Largest <see cref="WorkerLimits.Memory"/> of one worker (quantity).</summary>
    public string? MaxMemory { get; set; }

    /// <summary>Longest <see cref="WorkerLimits.Timeout"/> of one worker (Go duration).</summary>
    public string? MaxTimeout { get; set; }

    /// <summary>Requests per second for all workers of the namespace together.</summary>
    public int? MaxRequestsPerSecond { get; set; }

    /// <summary>Requests accepted at once above the rate (token bucket size); null means <see cref="MaxRequestsPerSecond"/>.</summary>
    public int? MaxRequestBurst { get; set; }
}

/// <summary>Caps on KV namespaces.</summary>
public sealed class KvCaps
{
    /// <summary>Most KvNamespace objects in the namespace.</summary>
    public int? MaxNamespaces { get; set; }

    /// <summary>Upper bound of the sum of all KvNamespaces' <c>maxTotalSize</c> (quantity).</summary>
    public string? MaxTotalSize { get; set; }
}

/// <summary>Which module signatures are required.</summary>
public sealed class SignaturePolicy
{
    /// <summary>Whether every module must be signed by a trusted key (default false).</summary>
    public bool? Required { get; set; }

    /// <summary>Trusted public keys (PEM) from Secrets of the namespace.</summary>
    public IList<SecretKeyReference>? TrustedKeys { get; set; }
}

/// <summary>A key of a Secret in the same namespace.</summary>
public sealed class SecretKeyReference
{
    /// <summary>Name of the Secret.</summary>
    public required string SecretName { get; set; }

    /// <summary>Key in the Secret's data.</summary>
    public required string Key { get; set; }
}

/// <summary>Settings of the tenant's runtime pods.</summary>
public sealed class RuntimePodSettings
{
    /// <summary>Compute resources of one runtime pod.</summary>
    public ComputeResources? Resources { get; set; }
}

/// <summary>Requests and limits of a pod (the CPU and memory subset of <c>ResourceRequirements</c>).</summary>
public sealed class ComputeResources
{
    /// <summary>Guaranteed resources.</summary>
    public CpuMemory? Requests { get; set; }

    /// <summary>Maximum resources.</summary>
    public CpuMemory? Limits { get; set; }
}

/// <summary>CPU and memory quantities.</summary>
public sealed class CpuMemory
{
    /// <summary>CPU, e.g. <c>250m</c> or <c>2</c>.</summary>
    public string? Cpu { get; set; }

    /// <summary>Memory, e.g. <c>256Mi</c>.</summary>
    public string? Memory { get; set; }
}

/// <summary>Observed usage of a <see cref="WorkerQuota"/>.</summary>
public sealed class WorkerQuotaStatus
{
    /// <summary>The <c>metadata.generation</c> this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions (<c>Ready</c>).</summary>
    public IList<Condition>? Conditions { get; set; }

    /// <summary>Current usage.</summary>
    public QuotaUsage? Usage { get; set; }
}

/// <summary>What a namespace currently uses.</summary>
public sealed class QuotaUsage
{
    /// <summary>Worker objects.</summary>
    public int? Workers { get; set; }

    /// <summary>KvNamespace objects.</summary>
    public int? KvNamespaces { get; set; }

    /// <summary>Sum of all KvNamespaces' <c>maxTotalSize</c>, in bytes.</summary>
    public long? KvTotalBytes { get; set; }
}
