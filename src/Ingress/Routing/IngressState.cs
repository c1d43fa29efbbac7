using Wharf.Api.Routing;
using Wharf.Ingress.Diagnostics;
using Wharf.Ingress.Options;
using Wharf.Ingress.RateLimiting;
using Wharf.Ingress.Tls;

namespace Wharf.Ingress.Routing;

/// <summary>
/// The single entry point for what the ingress serves: a feed publishes complete snapshots, this applies each one to
/// the proxy configuration, the rate limits and the certificates, and marks the ingress ready after the first.
/// </summary>
internal sealed partial class IngressState(
    IngressOptions options, IngressConfigProvider provider, TenantRateLimiter limiter, CertificateStore certificates,
    IngressHealth health, IngressMetrics metrics, ILogger<IngressState> logger)
{
    private readonly Lock _lock = new();
    private IReadOnlyDictionary<string, IReadOnlyList<RouteLoss>> _losses = new Dictionary<string, IReadOnlyList<RouteLoss>>();

    /// <summary>The losses of the current configuration, by worker id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RouteLoss>> Losses => _losses;

    public void Publish(IngressSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            var config = ProxyConfigBuilder.Build(snapshot, options);
            limiter.Update(snapshot.RateLimits);
            certificates.Update(snapshot.Certificates);
            provider.Update(config.Routes, config.Clusters);
            foreach (var (worker, lost) in config.Losses)
            {
                if (!_losses.TryGetValue(worker, out var before) || !before.SequenceEqual(lost))
                {
                    LogConflict(logger, worker, RouteClaims.Acceptance(lost).Message);
                }
            }

            _losses = config.Losses;
            metrics.Published(config.Routes.Count, config.Losses.Values.Sum(l => l.Count));
            var pods = config.Clusters.Sum(c => c.Destinations?.Count ?? 0);
            LogPublished(logger, config.Routes.Count, config.Clusters.Count, pods);
            health.MarkSynced();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "serving {Routes} routes to {Tenants} tenants on {Pods} runtime pods")]
    private static partial void LogPublished(ILogger logger, int routes, int tenants, int pods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "worker {Worker}: {Message}")]
    private static partial void LogConflict(ILogger logger, string worker, string message);
}
