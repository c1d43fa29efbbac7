using System.Globalization;
using Wharf.Ingress.Diagnostics;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.RateLimiting;

/// <summary>Answers 429 with <c>Retry-After</c> when the routed tenant is over its <c>WorkerQuota</c> rate.</summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, TenantRateLimiter limiter, IngressMetrics metrics)
{
    public Task InvokeAsync(HttpContext context)
    {
        var tenant = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId;
        if (tenant is null)
        {
            return next(context);
        }

        var (allowed, retryAfter) = limiter.TryAcquire(tenant);
        if (allowed)
        {
            return next(context);
        }

        metrics.RateLimited(tenant);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"tenant {tenant} is over its request rate limit\n", context.RequestAborted);
    }
}
