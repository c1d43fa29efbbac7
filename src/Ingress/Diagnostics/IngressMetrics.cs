using Prometheus;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.Diagnostics;

/// <summary>
/// The ingress's Prometheus metrics, in a registry of its own (tests run several ingresses in one process).
/// Label values are bounded: tenants and workers are Kubernetes objects, codes are HTTP statuses.
/// </summary>
internal sealed class IngressMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _upstream;
    private readonly Counter _rateLimited;
    private readonly Counter _ejections;
    private readonly Counter _retries;
    private readonly Gauge _ejected;
    private readonly Gauge _routes;
    private readonly Gauge _conflicts;
    private readonly Counter _reloads;
    private IProxyStateLookup? _state;

    public IngressMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter("wharf_ingress_requests_total", "Requests answered, by tenant, worker and status code (unrouted requests have empty tenant and worker).",
            new CounterConfiguration { LabelNames = ["tenant", "worker", "code"] });
        _upstream = factory.CreateHistogram("wharf_ingress_upstream_duration_seconds", "Time of one forwarding attempt to a runtime pod, by tenant and outcome (None = success).",
            new HistogramConfiguration { LabelNames = ["tenant", "outcome"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        _rateLimited = factory.CreateCounter("wharf_ingress_rate_limited_total", "Requests answered 429 because the tenant was over its rate limit.",
            new CounterConfiguration { LabelNames = ["tenant"] });
        _ejections = factory.CreateCounter("wharf_ingress_ejections_total", "Runtime pods ejected after a transport failure.",
            new CounterConfiguration { LabelNames = ["tenant"] });
        _retries = factory.CreateCounter("wharf_ingress_retries_total", "Requests tried again on another runtime pod.",
            new CounterConfiguration { LabelNames = ["tenant"] });
        _ejected = factory.CreateGauge("wharf_ingress_ejected_destinations", "Runtime pods currently left out (passive ejection or failed /readyz), by tenant.",
            new GaugeConfiguration { LabelNames = ["tenant"] });
        _routes = factory.CreateGauge("wharf_ingress_routes", "Routes currently served.");
        _conflicts = factory.CreateGauge("wharf_ingress_route_conflicts", "Routes not served because an older worker claims the same host and path prefix.");
        _reloads = factory.CreateCounter("wharf_ingress_config_reloads_total", "Route configurations published.");
        Registry.AddBeforeCollectCallback(CountEjected);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Lets the ejected-destinations gauge read YARP's live destination health.</summary>
    public void Attach(IProxyStateLookup state) => _state = state;

    public void Request(string tenant, string worker, int status) => _requests.WithLabels(tenant, worker, StatusText(status)).Inc();

    public void Upstream(string tenant, ForwarderError outcome, TimeSpan elapsed) => _upstream.WithLabels(tenant, outcome.ToString()).Observe(elapsed.TotalSeconds);

    public void RateLimited(string tenant) => _rateLimited.WithLabels(tenant).Inc();

    public void Ejected(string tenant) => _ejections.WithLabels(tenant).Inc();

    public void Retried(string tenant) => _retries.WithLabels(tenant).Inc();

    public void Published(int routes, int conflicts)
    {
        _routes.Set(routes);
        _conflicts.Set(conflicts);
        _reloads.Inc();
    }

    private void CountEjected()
    {
        if (_state is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in _state.GetClusters())
        {
            seen.Add(cluster.ClusterId);
            var count = cluster.Destinations.Values.Count(d =>
                d.Health.Passive == DestinationHealth.Unhealthy || d.Health.Active == DestinationHealth.Unhealthy);
            _ejected.WithLabels(cluster.ClusterId).Set(count);
        }

        foreach (var labels in _ejected.GetAllLabelValues().ToList())
        {
            if (!seen.Contains(labels[0]))
            {
                _ejected.RemoveLabelled(labels);
            }
        }
    }

    private static readonly string[] Codes = [.. Enumerable.Range(0, 600).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string StatusText(int status) => status is >= 0 and < 600 ? Codes[status] : "other";
}
