using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Kube.Config;
using Wharf.Kube.Http;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;

namespace Wharf.Kube;

/// <summary>
/// A connection to one API server: one <see cref="HttpClient"/> with TLS and credentials from
/// <see cref="KubernetesClientOptions"/>. Hand out per-resource clients with <see cref="Resource{T}"/>.
/// Thread-safe; create one per process and dispose it at shutdown.
/// </summary>
public sealed class KubernetesClient : IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    /// <summary>Creates a client; throws <see cref="KubernetesConfigException"/> listing every problem with <paramref name="options"/>.</summary>
    public KubernetesClient(KubernetesClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, HandlerFactory.Create(Validated(options)), loggerFactory)
    {
    }

    internal KubernetesClient(KubernetesClientOptions options, HttpMessageHandler handler, ILoggerFactory? loggerFactory)
    {
        options.ThrowIfInvalid();
        Options = options;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger("Wharf.Kube");
        // A server URL may carry a path prefix (API proxies such as Rancher's): keep it by resolving relative paths
        // against a base that ends in '/'.
        var server = options.Server.AbsoluteUri;
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(server.EndsWith('/') ? server : server + "/"),

            // Per-request timeouts are applied by SendAsync so that watches can stream indefinitely.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    /// <summary>The options this client was built with.</summary>
    public KubernetesClientOptions Options { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>Client for a typed resource, e.g. a CRD type with its source-generated <paramref name="typeInfo"/>.</summary>
    public ResourceClient<T> Resource<T>(ResourceDescriptor descriptor, JsonTypeInfo<T> typeInfo)
        where T : class, IKubernetesObject => new(this, descriptor, typeInfo);

    /// <summary>Client for any resource as <see cref="UnstructuredObject"/> (untyped JSON).</summary>
    public ResourceClient<UnstructuredObject> Unstructured(ResourceDescriptor descriptor) =>
        new(this, descriptor, KubeJsonContext.Default.UnstructuredObject);

    /// <summary>core/v1 namespaces.</summary>
    public ResourceClient<Namespace> Namespaces => Resource(ResourceDescriptor.Namespaces, KubeJsonContext.Default.Namespace);

    /// <summary>core/v1 configmaps.</summary>
    public ResourceClient<ConfigMap> ConfigMaps => Resource(ResourceDescriptor.ConfigMaps, KubeJsonContext.Default.ConfigMap);

    /// <summary>core/v1 secrets.</summary>
    public ResourceClient<Secret> Secrets => Resource(ResourceDescriptor.Secrets, KubeJsonContext.Default.Secret);

    /// <summary>core/v1 services.</summary>
    public ResourceClient<Service> Services => Resource(ResourceDescriptor.Services, KubeJsonContext.Default.Service);

    /// <summary>apps/v1 daemonsets.</summary>
    public ResourceClient<DaemonSet> DaemonSets => Resource(ResourceDescriptor.DaemonSets, KubeJsonContext.Default.DaemonSet);

    /// <summary>discovery.k8s.io/v1 endpointslices.</summary>
    public ResourceClient<EndpointSlice> EndpointSlices => Resource(ResourceDescriptor.EndpointSlices, KubeJsonContext.Default.EndpointSlice);

    /// <summary>coordination.k8s.io/v1 leases.</summary>
    public ResourceClient<Lease> Leases => Resource(ResourceDescriptor.Leases, KubeJsonContext.Default.Lease);

    /// <summary>events.k8s.io/v1 events.</summary>
    public ResourceClient<Event> Events => Resource(ResourceDescriptor.Events, KubeJsonContext.Default.Event);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Sends a request and returns a successful response; a failure status becomes a <see cref="KubernetesApiException"/>.
    /// Non-streaming requests are buffered and bounded by <see cref="KubernetesClientOptions.RequestTimeout"/> per attempt.
    /// A 429 or 5xx answer carrying <c>Retry-After</c> (API priority and fairness, apiserver shutdown) is retried after
    /// that delay, up to <see cref="KubernetesClientOptions.MaxRetries"/> times, as client-go does: the server
    /// promises it did not process the request.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, RequestBody? body, bool streaming, CancellationToken cancellationToken)
    {
        var path = StripQuery(pathAndQuery);
        for (var attempt = 0; ; attempt++)
        {
            var response = await SendOnceAsync(method, pathAndQuery, path, body, streaming, cancellationToken).ConfigureAwait(false);
            var statusCode = (int)response.StatusCode;
            Log.Request(_logger, method.Method, path, statusCode);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (attempt < Options.MaxRetries && RetryDelay(response) is { } delay)
                {
                    Log.RetryAfter(_logger, method.Method, path, statusCode, delay);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var status = await ReadStatusAsync(response, cancellationToken).ConfigureAwait(false);
                throw KubernetesApiException.Create(response.StatusCode, status);
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        HttpMethod method, string pathAndQuery, string path, RequestBody? body, bool streaming, CancellationToken cancellationToken)
    {
        using var timeout = streaming ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout?.CancelAfter(Options.RequestTimeout);
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery.TrimStart('/'), UriKind.Relative))
        {
            Content = body?.ToContent(),

            // HTTP/2 (negotiated by ALPN over TLS) multiplexes many watches over one connection, as kubectl does.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        try
        {
            return await _http.SendAsync(
                request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                timeout?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} timed out after {Options.RequestTimeout}.");
        }
    }

    /// <summary>The server-requested wait before a retry (capped at 10 s), or null when the answer is final.</summary>
    private static TimeSpan? RetryDelay(HttpResponseMessage response)
    {
        if (!IsRetryable(response.StatusCode) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    /// <summary>Sends a request and deserializes the response body with <paramref name="typeInfo"/>.</summary>
    internal async Task<TResult> SendAsync<TResult>(
        HttpMethod method, string pathAndQuery, RequestBody? body, JsonTypeInfo<TResult> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, body, streaming: false, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new KubernetesApiException(response.StatusCode, null, $"{method} {StripQuery(pathAndQuery)} returned an empty body.");
        }
    }

    private static async Task<Status?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length == 0)
            {
                return null;
            }

            var status = JsonSerializer.Deserialize(body, KubeJsonContext.Default.Status);
            return status?.Kind == "Status" || status?.Reason is not null || status?.Message is not null ? status : null;
        }
        catch (JsonException)
        {
            // Not a Status body (e.g. a proxy's HTML error page): the HTTP code alone describes the failure.
            return null;
        }
    }

    internal static string StripQuery(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }

    private static KubernetesClientOptions Validated(KubernetesClientOptions options)
    {
        options.ThrowIfInvalid();
        return options;
    }

    internal static bool IsRetryable(HttpStatusCode code) =>
        code is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;
}
