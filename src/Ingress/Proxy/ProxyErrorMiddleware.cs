using Microsoft.AspNetCore.Http.Timeouts;
using Wharf.Ingress.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.Proxy;

/// <summary>
/// Gives YARP's bodiless error statuses a short text: no ready runtime pod → 503 with <c>Retry-After</c>; a pod that
/// failed → 502; a pod that did not answer in time → 504.
/// </summary>
internal sealed class ProxyErrorMiddleware(RequestDelegate next, IngressOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context).ConfigureAwait(false);
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        var tenant = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId ?? "";
        string text;
        if (error.Error == ForwarderError.NoAvailableDestinations)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = options.UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            text = $"no runtime pod of tenant {tenant} is ready\n";
        }
        else if (context.Response.StatusCode == StatusCodes.Status504GatewayTimeout
            || (error.Error == ForwarderError.RequestCanceled && context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true))
        {
            // The route's timeout (the worker's limit + margin) cancelled the request; YARP reports that as a client cancel.
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            text = "the worker did not answer in time\n";
        }
        else if (context.Response.StatusCode == StatusCodes.Status502BadGateway)
        {
            text = "the runtime pod failed to answer\n";
        }
        else
        {
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        // Not RequestAborted: after a route timeout it is already cancelled, and the client should still get the text.
        await context.Response.WriteAsync(text, CancellationToken.None).ConfigureAwait(false);
    }
}
