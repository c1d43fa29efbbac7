using Wharf.Ingress.Routing;
using Yarp.ReverseProxy.Model;

namespace Wharf.Ingress.Diagnostics;

/// <summary>
/// Outermost middleware: gives every request an <c>X-Request-Id</c> (the client's, when well-formed, else a new one),
/// sent to the runtime pod and back to the client, and counts the answer by tenant, worker and status.
/// </summary>
internal sealed class RequestTelemetryMiddleware(RequestDelegate next, IngressMetrics metrics)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Headers[HeaderName].ToString();
        if (!IsWellFormed(id))
        {
            id = Guid.CreateVersion7().ToString("N");
            context.Request.Headers[HeaderName] = id; // YARP copies request headers to the runtime pod.
        }

        context.Response.OnStarting(static state =>
        {
            var (ctx, requestId) = ((HttpContext, string))state;
            ctx.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        }, (context, id));

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.Metadata;
            metrics.Request(route?.GetValueOrDefault(ProxyConfigBuilder.TenantKey) ?? "", route?.GetValueOrDefault(ProxyConfigBuilder.WorkerKey) ?? "",
                context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode);
        }
    }

    /// <summary>1 to 128 characters of letters, digits and <c>-_.:</c>, so a client cannot inject anything into logs or headers.</summary>
    internal static bool IsWellFormed(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
