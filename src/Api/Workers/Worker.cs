using k8s;
using k8s.Models;

namespace Wharf.Api.Workers;

/// <summary>
/// A serverless worker: a WebAssembly or JavaScript module served on the routes of its spec by the tenant's
/// runtime pods. Mirrors <c>config/crd/bases/wharf.dev_workers.yaml</c>.
/// </summary>
public sealed class Worker : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The kind.</summary>
    public const string KindName = "Worker";

    /// <inheritdoc />
    public string ApiVersion { get; set; } = WharfApi.ApiVersion;

    /// <inheritdoc />
    public string Kind { get; set; } = KindName;

    /// <inheritdoc />
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    public required WorkerSpec Spec { get; set; }

    /// <summary>Observed state, written by the operator through the status subresource.</summary>
    public WorkerStatus? Status { get; set; }
}

/// <summary>Desired state of a <see cref="Worker"/>.</summary>
public sealed class WorkerSpec
{
    /// <summary>The code to run.</summary>
    public required WorkerModule Module { get; set; }

    /// <summary>Requests matching any route go to this worker (1 to 32 routes).</summary>
    public required IList<WorkerRoute> Routes { get; set; }

    /// <summary>Per-instance limits; the API server fills in defaults (see <see cref="WorkerDefaults"/>).</summary>
    public WorkerLimits? Limits { get; set; }

    /// <summary>Allowed outbound connections; null or empty denies all egress.</summary>
    public IList<EgressRule>? Egress { get; set; }

    /// <summary>Resources exposed to the code.</summary>
    public WorkerBindings? Bindings { get; set; }

    /// <summary>Instances kept warm on every node (0 to 100; default 0).</summary>
    public int? MinInstances { get; set; }
}

/// <summary>The module of a worker.</summary>
public sealed class WorkerModule
{
    /// <summary>OCI reference, pinned by digest (<c>repo@sha256:…</c>) or by a tag the operator resolves.</summary>
    public required string Image { get; set; }

    /// <summary>How the module is executed.</summary>
    public required WorkerRuntime Runtime { get; set; }

    /// <summary>Name of a docker-config Secret in the same namespace used to pull the module.</summary>
    public string? PullSecret { get; set; }
}

/// <summary>One route: a host (or <c>*.</c> wildcard) and a path prefix.</summary>
public sealed class WorkerRoute
{
    /// <summary>Host name or wildcard such as <c>*.example.com</c>.</summary>
    public required string Host { get; set; }

    /// <summary>Path prefix, starting with <c>/</c> (default <c>/</c>).</summary>
    public string? PathPrefix { get; set; }
}

/// <summary>Limits of one worker instance, as Kubernetes quantities and Go durations.</summary>
public sealed class WorkerLimits
{
    /// <summary>Memory of one instance, e.g. <c>64Mi</c> (1Mi to 4Gi).</summary>
    public string? Memory { get; set; }

    /// <summary>Wall-clock limit of one request, e.g. <c>5s</c>.</summary>
    public string? Timeout { get; set; }

    /// <summary>Largest request body, e.g. <c>1Mi</c>.</summary>
    public string? MaxBodySize { get; set; }

    /// <summary>Requests served at once per node (1 to 10000).</summary>
    public int? MaxConcurrency { get; set; }
}

/// <summary>An allowed outbound destination (also used by <see cref="Quotas.WorkerQuotaSpec.AllowedEgress"/>).</summary>
public sealed class EgressRule
{
    /// <summary>Host name, wildcard (<c>*.example.com</c>) or <c>*</c> for any host.</summary>
    public required string Host { get; set; }

    /// <summary>Destination port; null allows any port.</summary>
    public int? Port { get; set; }
}

/// <summary>The defaults the Worker CRD applies; used when normalizing objects that were never defaulted.</summary>
public static class WorkerDefaults
{
    /// <summary>Default <see cref="WorkerLimits.Memory"/>.</summary>
    public const string Memory = "64Mi";

    /// <summary>Default <see cref="WorkerLimits.Timeout"/>.</summary>
    public const string Timeout = "5s";

    /// <summary>Default <see cref="WorkerLimits.MaxBodySize"/>.</summary>
    public const string MaxBodySize = "1Mi";

    /// <summary>Default <see cref="WorkerLimits.MaxConcurrency"/>.</summary>
    public const int MaxConcurrency = 64;

    /// <summary>Default <see cref="WorkerRoute.PathPrefix"/>.</summary>
    public const string PathPrefix = "/";

    /// <summary>Default <see cref="WorkerSpec.MinInstances"/>.</summary>
    public const int MinInstances = 0;
}
