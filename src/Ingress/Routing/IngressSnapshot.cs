using Wharf.Api.Routing;

namespace Wharf.Ingress.Routing;

/// <summary>
/// Everything the ingress serves at one moment, independent of where it came from (the Kubernetes feed, or tests):
/// the ready workers, each tenant's ready runtime pods, the tenants' rate limits and the TLS certificates.
/// </summary>
internal sealed record IngressSnapshot(
    IReadOnlyList<ServedWorker> Workers,
    IReadOnlyDictionary<string, IReadOnlyList<RuntimeEndpoint>> Endpoints,
    IReadOnlyDictionary<string, TenantRateLimit> RateLimits,
    IReadOnlyList<TlsCertificatePem> Certificates)
{
    /// <summary>Nothing to serve.</summary>
    public static IngressSnapshot Empty { get; } = new([], new Dictionary<string, IReadOnlyList<RuntimeEndpoint>>(), new Dictionary<string, TenantRateLimit>(), []);
}

/// <summary>A worker whose <c>Ready</c> condition is true.</summary>
/// <param name="Namespace">Its namespace, which is its tenant.</param>
/// <param name="Name">Its name.</param>
/// <param name="Created">Its creation time (older workers keep contested routes).</param>
/// <param name="Routes">Its routes.</param>
/// <param name="Timeout">Its <c>limits.timeout</c>.</param>
/// <param name="MaxBodyBytes">Its <c>limits.maxBodySize</c> in bytes.</param>
internal sealed record ServedWorker(string Namespace, string Name, DateTimeOffset? Created, IReadOnlyList<RouteKey> Routes, TimeSpan Timeout, long MaxBodyBytes)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Id => Namespace + "/" + Name;

    /// <summary>The claim this worker makes in conflict resolution.</summary>
    public RouteClaimant Claimant => new(Namespace, Name, Created, Routes);
}

/// <summary>A ready runtime pod address of a tenant.</summary>
/// <param name="Address">IP address.</param>
/// <param name="Port">Port the runtime serves on.</param>
internal readonly record struct RuntimeEndpoint(string Address, int Port)
{
    /// <summary>The destination URL (<c>http://ip:port</c>, IPv6 in brackets).</summary>
    public string Url => Address.Contains(':', StringComparison.Ordinal) ? $"http://[{Address}]:{Port}" : $"http://{Address}:{Port}";

    /// <summary>A stable destination id, so YARP keeps a pod's health state across reloads.</summary>
    public string Id => Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>A tenant's request rate limit (token bucket).</summary>
/// <param name="RequestsPerSecond">Sustained rate.</param>
/// <param name="Burst">Bucket size.</param>
internal readonly record struct TenantRateLimit(int RequestsPerSecond, int Burst);

/// <summary>A certificate and its private key from a <c>kubernetes.io/tls</c> Secret.</summary>
/// <param name="Source">Where it came from (<c>namespace/name</c>), for logs.</param>
/// <param name="CertificatePem">The <c>tls.crt</c> PEM (leaf first, then chain).</param>
/// <param name="KeyPem">The <c>tls.key</c> PEM.</param>
internal sealed record TlsCertificatePem(string Source, string CertificatePem, string KeyPem);
