using System.Net;
using Wharf.Api.Routing;
using Wharf.Ingress.Options;
using Wharf.Ingress.Proxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Wharf.Ingress.Routing;

/// <summary>The YARP configuration for a snapshot, plus the routes that lost a conflict.</summary>
internal sealed record ProxyConfigResult(
    IReadOnlyList<RouteConfig> Routes,
    IReadOnlyList<ClusterConfig> Clusters,
    IReadOnlyDictionary<string, IReadOnlyList<RouteLoss>> Losses);

/// <summary>
/// Turns a snapshot into YARP routes (one per worker route) and clusters (one per tenant, destinations = its ready
/// runtime pods). Pure: equal snapshots give equal configurations, so YARP keeps per-destination health state.
/// </summary>
internal static class ProxyConfigBuilder
{
    /// <summary>Route metadata key holding the worker id (<c>namespace/name</c>).</summary>
    public const string WorkerKey = "wharf.dev/worker";

    /// <summary>Route metadata key holding the tenant (the worker's namespace).</summary>
    public const string TenantKey = "wharf.dev/tenant";

    /// <summary>Path a runtime pod answers when it can take requests.</summary>
    public const string ReadinessPath = "/readyz";

    private static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(100);

    public static ProxyConfigResult Build(IngressSnapshot snapshot, IngressOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var workers = snapshot.Workers.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
        var losses = RouteClaims.Resolve(workers.Select(w => w.Claimant));
        var routes = new List<RouteConfig>();
        var timeouts = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            var lost = losses.TryGetValue(worker.Id, out var l) ? l.Select(x => x.Route).ToHashSet() : [];
            var index = 0;
            foreach (var route in worker.Routes.Distinct())
            {
                index++;
                if (lost.Contains(route))
                {
                    continue;
                }

                routes.Add(BuildRoute(worker, route, index, options));
            }

            var timeout = worker.Timeout + options.TimeoutMargin;
            timeouts[worker.Namespace] = timeouts.TryGetValue(worker.Namespace, out var t) && t > timeout ? t : timeout;
        }

        var clusters = timeouts.Keys.Order(StringComparer.Ordinal)
            .Select(tenant => BuildCluster(tenant, snapshot.Endpoints.TryGetValue(tenant, out var e) ? e : [], timeouts[tenant], options))
            .ToList();
        return new ProxyConfigResult(routes, clusters, losses);
    }

    internal static RouteConfig BuildRoute(ServedWorker worker, RouteKey route, int index, IngressOptions options)
    {
        var wildcard = route.Host.StartsWith("*.", StringComparison.Ordinal);
        return new RouteConfig
        {
            RouteId = $"{worker.Id}#{index}",
            ClusterId = worker.Namespace,
            Order = Order(route),
            Match = new RouteMatch { Hosts = [route.Host], Path = PathTemplate(route.PathPrefix) },
            Timeout = worker.Timeout + options.TimeoutMargin,
            MaxRequestBodySize = worker.MaxBodyBytes,
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [WorkerKey] = worker.Id,
                [TenantKey] = worker.Namespace,
                ["wharf.dev/wildcard"] = wildcard ? "true" : "false",
            },
        };
    }

    /// <summary>
    /// The same precedence as the node runtime's route table: an exact host before any wildcard, a longer wildcard
    /// before a shorter one, then the longest path prefix. ASP.NET routing tries lower orders first.
    /// </summary>
    internal static int Order(RouteKey route)
    {
        var hostPart = route.Host.StartsWith("*.", StringComparison.Ordinal) ? 1 + (300 - Math.Min(route.Host.Length, 299)) : 0;
        return (hostPart * 10_000) + (2_000 - Math.Min(route.PathPrefix.Length, 1_999));
    }

    /// <summary>
    /// A route template matching the prefix on segment boundaries: <c>/api</c> matches <c>/api</c> and <c>/api/…</c>,
    /// not <c>/apix</c>. The CRD's path pattern excludes the template's special characters (<c>{ } ?</c>).
    /// </summary>
    internal static string PathTemplate(string prefix)
    {
        var trimmed = prefix.TrimEnd('/');
        return trimmed + "/{**wharf-path}";
    }

    internal static ClusterConfig BuildCluster(string tenant, IReadOnlyList<RuntimeEndpoint> endpoints, TimeSpan longestTimeout, IngressOptions options) => new()
    {
        ClusterId = tenant,
        LoadBalancingPolicy = WorkerHashPolicy.PolicyName,
        HealthCheck = new HealthCheckConfig
        {
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthInterval,
                Timeout = options.HealthTimeout,
                Policy = "ConsecutiveFailures", // YARP's built-in active policy (threshold 2)
                Path = ReadinessPath,
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = EjectOnTransportFailurePolicy.PolicyName,
                ReactivationPeriod = options.EjectionPeriod,
            },
        },
        HttpRequest = new ForwarderRequestConfig
        {
            // Runtime pods speak HTTP/1.1 in the cluster network; clients may still use HTTP/2 to the ingress.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            ActivityTimeout = longestTimeout > DefaultActivityTimeout ? longestTimeout : DefaultActivityTimeout,
        },
        Destinations = endpoints
            .DistinctBy(e => e.Id)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToDictionary(e => e.Id, e => new DestinationConfig { Address = e.Url }, StringComparer.Ordinal),
    };
}
