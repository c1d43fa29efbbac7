using System.Threading.RateLimiting;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.RateLimiting;

/// <summary>
/// Per-tenant token buckets (<see cref="PartitionedRateLimiter"/> keyed by tenant and its current limit). A changed
/// quota is a new key, so it applies to the next request; the old bucket is dropped when idle.
/// </summary>
internal sealed class TenantRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Key> _limiter = PartitionedRateLimiter.Create<Key, Key>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, k => new TokenBucketRateLimiterOptions
        {
            TokenLimit = k.Limit.Burst,
            TokensPerPeriod = k.Limit.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            // The partitioned limiter replenishes its buckets every 100 ms, pro rata to the time passed.
            AutoReplenishment = false,
        }));

    private volatile IReadOnlyDictionary<string, TenantRateLimit> _limits = new Dictionary<string, TenantRateLimit>();

    public void Update(IReadOnlyDictionary<string, TenantRateLimit> limits) => _limits = limits;

    /// <summary>Takes one request from <paramref name="tenant"/>'s bucket; a tenant without a quota is never limited.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquire(string tenant)
    {
        if (!_limits.TryGetValue(tenant, out var limit))
        {
            return (true, TimeSpan.Zero);
        }

        using var lease = _limiter.AttemptAcquire(new Key(tenant, limit));
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _limiter.Dispose();

    private readonly record struct Key(string Tenant, TenantRateLimit Limit);
}
