using System.Diagnostics;
using Wharf.Ingress.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.Proxy;

/// <summary>Times each forwarding attempt to a runtime pod (innermost in YARP's pipeline, around the forwarder).</summary>
internal sealed class UpstreamTimerMiddleware(RequestDelegate next, IngressMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        await next(context).ConfigureAwait(false);
        var tenant = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId ?? "";
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;
        metrics.Upstream(tenant, error, Stopwatch.GetElapsedTime(start));
    }
}
