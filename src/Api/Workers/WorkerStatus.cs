namespace Wharf.Api.Workers;

/// <summary>Observed state of a <see cref="Worker"/>.</summary>
public sealed class WorkerStatus
{
    /// <summary>The <c>metadata.generation</c> this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions keyed by type; see <see cref="WorkerConditions"/>.</summary>
    public IList<Condition>? Conditions { get; set; }

    /// <summary>Digest the module resolved to, <c>sha256:…</c>.</summary>
    public string? ResolvedDigest { get; set; }

    /// <summary>A URL the worker answers on.</summary>
    public string? Url { get; set; }

    /// <summary>Nodes on which the worker is loaded and serving.</summary>
    public int? NodesReady { get; set; }

    /// <summary>Nodes that should serve the worker.</summary>
    public int? NodesDesired { get; set; }
}

/// <summary>Condition types of a worker.</summary>
public static class WorkerConditions
{
    /// <summary>The worker serves on every desired node.</summary>
    public const string Ready = "Ready";

    /// <summary>The module reference resolved to a digest and the module was fetched.</summary>
    public const string ModuleResolved = "ModuleResolved";

    /// <summary>The module signature matches a trusted key (or no signature is required).</summary>
    public const string SignatureVerified = "SignatureVerified";

    /// <summary>The worker fits the namespace's <see cref="Quotas.WorkerQuota"/>.</summary>
    public const string QuotaAccepted = "QuotaAccepted";

    /// <summary>
    /// Every route of the worker is served by it: no older worker (of any tenant) claims the same host and path prefix.
    /// Computed by <see cref="Routing.RouteClaims"/>; it does not affect <see cref="Ready"/>.
    /// </summary>
    public const string RouteAccepted = "RouteAccepted";
}
