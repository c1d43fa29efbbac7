using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Wharf.Ingress.Routing;

/// <summary>
/// Our <see cref="IProxyConfigProvider"/>: each update swaps in a complete, immutable configuration and signals the
/// previous one's change token. YARP then builds the new route table beside the old one and switches atomically;
/// requests already routed finish on the state they started with.
/// </summary>
internal sealed class IngressConfigProvider : IProxyConfigProvider
{
    private volatile ProxyConfig _config = new([], [], 0);

    public IProxyConfig GetConfig() => _config;

    /// <summary>Publishes a new configuration.</summary>
    public void Update(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        var previous = _config;
        _config = new ProxyConfig(routes, clusters, previous.Revision + 1);
        previous.SignalChange();
    }

    // The token source is never disposed: YARP may still register callbacks on an old token after it fired.
#pragma warning disable CA1001
    private sealed class ProxyConfig : IProxyConfig
#pragma warning restore CA1001
    {
        private readonly CancellationTokenSource _changed = new();

        public ProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, long revision)
        {
            Routes = routes;
            Clusters = clusters;
            Revision = revision;
            ChangeToken = new CancellationChangeToken(_changed.Token);
        }

        public long Revision { get; }

        public string RevisionId => Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public IReadOnlyList<RouteConfig> Routes { get; }

        public IReadOnlyList<ClusterConfig> Clusters { get; }

        public IChangeToken ChangeToken { get; }

        public void SignalChange() => _changed.Cancel();
    }
}
