using System.Text.RegularExpressions;

namespace Wharf.Operator.Options;

/// <summary>
/// Settings of one operator process, validated up front by <see cref="Validate"/> so that a bad flag fails at
/// start-up with every problem listed instead of surfacing later in a reconcile.
/// </summary>
public sealed partial record OperatorOptions
{
    /// <summary>Namespace the operator runs in: home of the leader-election Lease and the default registry credentials.</summary>
    public required string Namespace { get; init; }

    /// <summary>This process's identity in leader election and in Events (normally the pod name).</summary>
    public required string Identity { get; init; }

    /// <summary>Whether to campaign for a Lease before reconciling; disable only when exactly one replica runs.</summary>
    public bool LeaderElection { get; init; } = true;

    /// <summary>Name of the leader-election Lease.</summary>
    public string LeaderElectionId { get; init; } = "wharf-operator-leader";

    /// <summary>Lease duration; renew deadline and retry period are derived (2/3 and 2/15 of it, as client-go's defaults).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Image of the node runtime DaemonSet, e.g. <c>ghcr.io/wharf/runtime:0.1.0</c>.</summary>
    public required string NodeRuntimeImage { get; init; }

    /// <summary>Container port the node runtime serves workers on.</summary>
    public int NodeRuntimePort { get; init; } = 8080;

    /// <summary>Service port of the per-tenant runtime Service.</summary>
    public int ServicePort { get; init; } = 80;

    /// <summary>
    /// Put the config hash on the runtime pod template so pods restart on every config change. Off by default: the
    /// runtime is expected to reload its ConfigMap in place; turn it on for a runtime that reads config only at start.
    /// </summary>
    public bool RollPodsOnConfigChange { get; init; }

    /// <summary>Scheme of the URL published in <c>status.url</c>.</summary>
    public string UrlScheme { get; init; } = "https";

    /// <summary>Redis connection string handed to the runtime pods (KV bindings); null when KV is not backed.</summary>
    public string? RedisUrl { get; init; }

    /// <summary>Registries reached over plain HTTP (host[:port]); everything else uses HTTPS.</summary>
    public IReadOnlyList<string> PlainHttpRegistries { get; init; } = [];

    /// <summary>Name of a docker-config Secret in <see cref="Namespace"/> used when a worker names no pull secret.</summary>
    public string? RegistryCredentialsSecret { get; init; }

    /// <summary>Timeout of one registry request.</summary>
    public TimeSpan RegistryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requeue backoff after a failed reconcile: first delay.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Requeue backoff after a failed reconcile: cap.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tenants reconciled in parallel.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Resources of a runtime pod when the tenant's WorkerQuota sets none.</summary>
    public RuntimePodDefaults RuntimePodDefaults { get; init; } = new();

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!DnsLabel().IsMatch(Namespace ?? ""))
        {
            errors.Add($"namespace '{Namespace}' is not a valid namespace name.");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            errors.Add("identity must not be empty.");
        }

        if (!DnsSubdomain().IsMatch(LeaderElectionId ?? ""))
        {
            errors.Add($"leader-election id '{LeaderElectionId}' is not a valid object name.");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(3))
        {
            errors.Add($"lease duration {LeaseDuration} is shorter than 3s.");
        }

        if (string.IsNullOrWhiteSpace(NodeRuntimeImage) || NodeRuntimeImage.Any(char.IsWhiteSpace))
        {
            errors.Add($"node-runtime image '{NodeRuntimeImage}' is not an image reference.");
        }

        if (NodeRuntimePort is < 1 or > 65535 || ServicePort is < 1 or > 65535)
        {
            errors.Add($"ports must be within 1..65535 (runtime {NodeRuntimePort}, service {ServicePort}).");
        }

        if (UrlScheme is not ("http" or "https"))
        {
            errors.Add($"url scheme '{UrlScheme}' must be http or https.");
        }

        if (RedisUrl is not null && string.IsNullOrWhiteSpace(RedisUrl))
        {
            errors.Add("redis url must not be blank when given.");
        }

        foreach (var host in PlainHttpRegistries)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"plain-http registry '{host}' must be host[:port].");
            }
        }

        if (RegistryCredentialsSecret is not null && !DnsSubdomain().IsMatch(RegistryCredentialsSecret))
        {
            errors.Add($"registry credentials secret '{RegistryCredentialsSecret}' is not a valid object name.");
        }

        if (RegistryTimeout <= TimeSpan.Zero)
        {
            errors.Add("registry timeout must be positive.");
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add("retry delays must be positive with max >= base.");
        }

        if (Concurrency is < 1 or > 64)
        {
            errors.Add($"concurrency {Concurrency} must be within 1..64.");
        }

        errors.AddRange(RuntimePodDefaults.Validate());
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid operator options: " + string.Join(" ", errors));
        }
    }

    /// <summary>Leader-election timings derived from <see cref="LeaseDuration"/> with client-go's 15/10/2 proportions.</summary>
    internal (TimeSpan Renew, TimeSpan Retry) ElectionTimings() => (LeaseDuration * 2 / 3, LeaseDuration * 2 / 15);

    /// <summary>Whether <paramref name="registryHost"/> is reached over plain HTTP.</summary>
    internal bool IsPlainHttp(string registryHost) =>
        PlainHttpRegistries.Contains(registryHost, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}

/// <summary>Runtime pod resources used when a tenant's quota does not set them.</summary>
public sealed record RuntimePodDefaults
{
    /// <summary>CPU request.</summary>
    public string CpuRequest { get; init; } = "100m";

    /// <summary>Memory request.</summary>
    public string MemoryRequest { get; init; } = "128Mi";

    /// <summary>CPU limit; null for none.</summary>
    public string? CpuLimit { get; init; } = "1";

    /// <summary>Memory limit.</summary>
    public string MemoryLimit { get; init; } = "512Mi";

    internal IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[] { ("cpu request", CpuRequest), ("memory request", MemoryRequest), ("cpu limit", CpuLimit), ("memory limit", MemoryLimit) })
        {
            if (value is not null && !Api.Quantity.TryParse(value, out _, out var error))
            {
                yield return $"runtime pod {name} '{value}': {error}";
            }
        }
    }
}
