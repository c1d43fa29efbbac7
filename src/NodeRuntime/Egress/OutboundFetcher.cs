using System.Net;
using System.Net.Sockets;
using Wharf.NodeRuntime.Abi;

namespace Wharf.NodeRuntime.Egress;

/// <summary>An outbound request made by a worker.</summary>
internal sealed record FetchRequest(string Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>The upstream's answer.</summary>
internal sealed record FetchResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>A fetch failure carrying the ABI error code to return to the worker.</summary>
internal sealed class FetchFailedException(int abiError, string message, Exception? inner = null) : Exception(message, inner)
{
    public int AbiError { get; } = abiError;
}

/// <summary>Performs a worker's outbound HTTP under its egress policy.</summary>
internal interface IOutboundFetcher
{
    Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}

/// <summary>Limits of outbound HTTP.</summary>
internal sealed record FetchLimits(TimeSpan Timeout, int MaxResponseBytes, int MaxRedirects = 5);

/// <summary>
/// <c>http_fetch</c> over a <see cref="SocketsHttpHandler"/> whose connect callback resolves DNS itself and
/// refuses internal addresses (so DNS rebinding cannot reach them), with redirects followed by hand so each hop is
/// checked against the allow-list again.
/// </summary>
internal sealed class OutboundFetcher : IOutboundFetcher, IDisposable
{
    private static readonly HashSet<string> DroppedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-authorization",
    };

    private readonly EgressPolicy _policy;
    private readonly FetchLimits _limits;
    private readonly HttpClient _client;

    public OutboundFetcher(EgressPolicy policy, FetchLimits limits)
    {
        _policy = policy;
        _limits = limits;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => _client.Dispose();

    public async Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.Timeout);
        var url = request.Url;
        var method = new HttpMethod(request.Method);
        var body = request.Body;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var message = Build(method, url, request.Headers, body);
                using var response = await SendHopAsync(message, hop, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (hop >= _limits.MaxRedirects)
                    {
                        throw new FetchFailedException(AbiErrors.Limit, $"more than {_limits.MaxRedirects} redirects");
                    }

                    url = new Uri(url, location);
                    if (status == 303 || (status is 301 or 302 && method == HttpMethod.Post))
                    {
                        method = HttpMethod.Get;
                        body = [];
                    }

                    continue;
                }

                var headers = response.Headers.Concat(response.Content.Headers)
                    .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), v)))
                    .ToList();
                var bytes = await ReadCappedAsync(response.Content, timeout.Token).ConfigureAwait(false);
                return new FetchResponse(status, headers, bytes);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchFailedException(AbiErrors.Timeout, $"fetch timed out after {_limits.Timeout.TotalMilliseconds} ms", e);
        }
        catch (OperationCanceledException e)
        {
            throw new FetchFailedException(AbiErrors.Timeout, "request deadline reached", e);
        }
        catch (HttpRequestException e) when (e.InnerException is FetchFailedException inner)
        {
            throw inner;
        }
        catch (HttpRequestException e)
        {
            throw new FetchFailedException(AbiErrors.Unavailable, $"upstream connection failed: {e.Message}", e);
        }
    }

    /// <summary>One hop, checked against the policy; a denied redirect hop is named in the error (the worker only
    /// knows the URL it asked for, which was allowed).</summary>
    private async Task<HttpResponseMessage> SendHopAsync(HttpRequestMessage message, int hop, CancellationToken cancellationToken)
    {
        var url = message.RequestUri!;
        try
        {
            CheckAllowed(url);
            return await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (hop > 0 && (e as FetchFailedException ?? e.InnerException as FetchFailedException) is { AbiError: AbiErrors.Denied } denied)
        {
            throw new FetchFailedException(AbiErrors.Denied, $"redirect to {url.GetLeftPart(UriPartial.Path)} was denied: {denied.Message}", e);
        }
    }

    private void CheckAllowed(Uri url)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            throw new FetchFailedException(AbiErrors.Invalid, $"unsupported scheme '{url.Scheme}'");
        }

        if (!_policy.Allows(url.IdnHost, url.Port))
        {
            throw new FetchFailedException(AbiErrors.Denied, $"egress to {url.IdnHost}:{url.Port} is not in the allow-list");
        }
    }

    private static HttpRequestMessage Build(HttpMethod method, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        var message = new HttpRequestMessage(method, url);
        if (body.Length > 0 || method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers)
        {
            if (DroppedRequestHeaders.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _limits.MaxResponseBytes)
        {
            throw new FetchFailedException(AbiErrors.Limit, $"response body exceeds {_limits.MaxResponseBytes} bytes");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int n;
            while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > _limits.MaxResponseBytes)
                {
                    throw new FetchFailedException(AbiErrors.Limit, $"response body exceeds {_limits.MaxResponseBytes} bytes");
                }

                buffer.Write(chunk, 0, n);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Resolves the host itself and connects only to addresses the policy permits.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(EgressPolicy.Normalize(host), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var permitted = addresses.Where(a => _policy.MayConnect(host, port, a)).ToArray();
        if (permitted.Length == 0)
        {
            throw new FetchFailedException(AbiErrors.Denied,
                addresses.Length == 0 ? $"{host} did not resolve" : $"{host} resolves to an internal address ({addresses[0]}) that the allow-list does not name");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
