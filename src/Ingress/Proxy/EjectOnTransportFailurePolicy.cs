using Wharf.Ingress.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.Proxy;

/// <summary>
/// Passive health: a pod that fails a request at the transport level (refused connection, reset, broken body) is
/// left out for the cluster's reactivation period at once. A worker's own error status (5xx) does not eject its pod:
/// that is the code's fault, not the pod's.
/// </summary>
internal sealed partial class EjectOnTransportFailurePolicy(IDestinationHealthUpdater updater, IngressMetrics metrics, ILogger<EjectOnTransportFailurePolicy> logger)
    : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "WharfEjectOnTransportFailure";

    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(10);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || !IsTransportFailure(error.Error) || destination.Health.Passive == DestinationHealth.Unhealthy)
        {
            return;
        }

        var period = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultPeriod;
        updater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
        metrics.Ejected(cluster.ClusterId);
        LogEjected(logger, destination.DestinationId, cluster.ClusterId, error.Error, period, error.Exception?.Message ?? "");
    }

    internal static bool IsTransportFailure(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination;

    [LoggerMessage(Level = LogLevel.Warning, Message = "runtime pod {Destination} of tenant {Tenant} ejected after {Error} for {Period}: {Reason}")]
    private static partial void LogEjected(ILogger logger, string destination, string tenant, ForwarderError error, TimeSpan period, string reason);
}
