using Microsoft.AspNetCore.Http.Features;

namespace Wharf.NodeRuntime.Hosting;

/// <summary>Converts between ASP.NET Core requests/responses and the host's request model.</summary>
internal static class HttpBridge
{
    /// <summary>The body, or null when it exceeds <paramref name="limit"/> (checked on Content-Length first, then
    /// while reading, so a lying or chunked client cannot make the host buffer more).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null; // the worker's own limit is enforced below
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    public static IncomingRequest ToIncoming(HttpContext context, ReadOnlyMemory<byte> body, IReadOnlyList<WorkerRoute> routes, string path)
    {
        var request = context.Request;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name.ToLowerInvariant(), value ?? ""));
            }
        }

        var port = request.Host.Port ?? context.Connection.LocalPort;
        if (request.Host.Port is null && port == 0)
        {
            port = request.IsHttps ? 443 : 80;
        }

        var matched = routes.Where(r => path.StartsWith(r.PathPrefix, StringComparison.Ordinal))
            .OrderByDescending(r => r.PathPrefix.Length).FirstOrDefault()?.PathPrefix ?? "/";
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        return new IncomingRequest(
            request.Method,
            request.Scheme,
            request.Host.Host,
            port,
            request.Protocol,
            path,
            query,
            context.Connection.RemoteIpAddress?.ToString() ?? "",
            headers,
            body,
            matched);
    }

    public static async Task WriteAsync(HttpContext context, WorkerResponse response)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        context.Response.ContentLength = response.Body.Length;
        if (response.Body.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
