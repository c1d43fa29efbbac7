using Wharf.Ingress.Diagnostics;
using Wharf.Ingress.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.Proxy;

/// <summary>
/// Tries another runtime pod when forwarding failed before any response: always when the connection could not be
/// made (no request byte left the ingress), and for idempotent requests without a body on any transport error.
/// Runs before load balancing in YARP's pipeline, so each attempt picks again among the pods not yet tried.
/// </summary>
internal sealed class RetryMiddleware(RequestDelegate next, IngressOptions options, IngressMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.Features.Get<IReverseProxyFeature>();
        if (proxy is null || options.MaxAttempts <= 1)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var candidates = proxy.AvailableDestinations;
        List<DestinationState>? tried = null;
        for (var attempt = 1; ; attempt++)
        {
            await next(context).ConfigureAwait(false);
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || attempt >= options.MaxAttempts || context.Response.HasStarted || !CanRetry(context.Request, error)
                || proxy.ProxiedDestination is not { } failed)
            {
                return;
            }

            (tried ??= []).Add(failed);
            var remaining = candidates.Where(d => !tried.Contains(d)).ToList();
            if (remaining.Count == 0)
            {
                return;
            }

            // Undo what the failed attempt left behind; nothing was sent to the client yet.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            proxy.AvailableDestinations = remaining;
            metrics.Retried(proxy.Cluster.Config.ClusterId);
        }
    }

    internal static bool CanRetry(HttpRequest request, IForwarderErrorFeature error)
    {
        if (error.Error != ForwarderError.Request)
        {
            return false;
        }

        if (IsConnectFailure(error.Exception))
        {
            return true;
        }

        var hasBody = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
        return !hasBody && IsIdempotent(request.Method);
    }

    private static bool IsConnectFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    // RFC 9110 section 9.2.2.
    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
}
