using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wharf.Oci;

/// <summary>
/// A client of the OCI distribution API (<see href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md"/>):
/// resolves tags, pulls manifests and blobs verifying their digests while streaming, pushes blobs (monolithic or
/// chunked, cross-repository mount) and manifests. A 401 is answered with Basic auth or the Bearer token flow
/// (<see href="https://distribution.github.io/distribution/spec/auth/token/"/>); tokens are cached per scope.
/// Idempotent requests are retried with exponential backoff on connection failures, 429 and 5xx.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly Func<string, RegistryCredentials?> _credentials;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorizations = new(StringComparer.Ordinal);

    /// <summary>Creates a client; <paramref name="credentials"/> maps a registry host to its credentials (null: anonymous).</summary>
    public RegistryClient(
        RegistryClientOptions options,
        Func<string, RegistryCredentials?>? credentials = null,
        ILogger<RegistryClient>? logger = null,
        HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid registry client options: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _credentials = credentials ?? RegistryCredentialSources.Anonymous;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        // Timeouts are applied per request (see SendAsync); blob bodies may take longer than one request timeout.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    /// <summary>The options this client runs with.</summary>
    public RegistryClientOptions Options => _options;

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    internal Uri Url(ImageReference repository, string path) =>
        new($"{(_options.IsPlainHttp(repository.ApiHost) ? "http" : "https")}://{repository.ApiHost}/v2/{repository.Repository}/{path}");

    internal static string PullScope(ImageReference repository) => $"repository:{repository.Repository}:pull";

    internal static string PushScope(ImageReference repository) => $"repository:{repository.Repository}:pull,push";

    /// <summary>
    /// Sends a request built by <paramref name="create"/> (called again for each attempt), authorizing for
    /// <paramref name="scope"/> (space-separated token scopes). Transient failures of idempotent requests are retried.
    /// The caller owns the response; its status code is not checked here except for 401.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(
        ImageReference repository, string scope, Func<HttpRequestMessage> create, bool idempotent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                var response = await SendAuthorizedAsync(repository, scope, create, timeout.Token).ConfigureAwait(false);
                if (idempotent && attempt < _options.MaxAttempts && IsTransient(response.StatusCode))
                {
                    Log.Retrying(_logger, repository.ApiHost, $"{(int)response.StatusCode} {response.ReasonPhrase}", attempt);
                    response.Dispose();
                    await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return response;
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                var cause = ex is OperationCanceledException ? $"timed out after {_options.Timeout.TotalSeconds:0.#}s" : ex.Message;
                if (!idempotent || attempt >= _options.MaxAttempts)
                {
                    throw new RegistryException(RegistryErrorKind.Unreachable, $"registry {repository.ApiHost} is unreachable: {cause}", ex);
                }

                Log.Retrying(_logger, repository.ApiHost, cause, attempt);
                await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static bool IsTransient(HttpStatusCode status) => (int)status is 429 or >= 500;

    internal static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    internal Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var baseMs = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jitter = 0.5 + (Random.Shared.NextDouble() / 2); // 50-100% of the nominal delay, so clients spread out.
        return Task.Delay(TimeSpan.FromMilliseconds(Math.Min(baseMs * jitter, 30_000)), cancellationToken);
    }

    /// <summary>Maps an unsuccessful response to a <see cref="RegistryException"/> naming <paramref name="what"/>.</summary>
    internal static RegistryException Failure(HttpResponseMessage response, ImageReference repository, string what)
    {
        var code = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new RegistryException(RegistryErrorKind.NotFound, $"{what} not found on {repository.ApiHost}"),
            HttpStatusCode.Forbidden => new RegistryException(RegistryErrorKind.Denied, $"{repository.ApiHost} denied access to {what} (403)"),
            HttpStatusCode.Unauthorized => new RegistryException(RegistryErrorKind.Unauthorized, $"{repository.ApiHost} refused access to {what} (401)"),
            _ when IsTransient(response.StatusCode) => new RegistryException(RegistryErrorKind.Unreachable, $"registry {repository.ApiHost} answered {code} {response.ReasonPhrase} for {what}"),
            _ => new RegistryException(RegistryErrorKind.BadResponse, $"registry {repository.ApiHost} answered {code} {response.ReasonPhrase} for {what}"),
        };
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(
        ImageReference repository, string scope, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var key = repository.ApiHost + " " + scope;
        _authorizations.TryGetValue(key, out var authorization);
        var response = await SendOnceAsync(create, authorization, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        response.Dispose();
        _authorizations.TryRemove(key, out _);
        var credentials = _credentials(repository.Registry);
        authorization = await AuthorizeAsync(repository, scope, challenge, credentials, cancellationToken).ConfigureAwait(false);
        var second = await SendOnceAsync(create, authorization, cancellationToken).ConfigureAwait(false);
        if (second.StatusCode == HttpStatusCode.Unauthorized)
        {
            second.Dispose();
            throw new RegistryException(RegistryErrorKind.Unauthorized, credentials is null
                ? $"{repository.ApiHost} requires credentials for {repository.Repository}"
                : $"{repository.ApiHost} rejected the credentials of user '{credentials.Username}' for {repository.Repository}");
        }

        _authorizations[key] = authorization;
        return second;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> create, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = create();
        request.Headers.Authorization = authorization;
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(
        ImageReference repository, string scope, AuthChallenge? challenge, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            throw new RegistryException(RegistryErrorKind.BadResponse, $"{repository.ApiHost} answered 401 without a usable WWW-Authenticate challenge");
        }

        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return credentials is null
                ? throw new RegistryException(RegistryErrorKind.Unauthorized, $"{repository.ApiHost} requires credentials for {repository.Repository}")
                : new AuthenticationHeaderValue("Basic", credentials.BasicValue);
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ||
            !challenge.Parameters.TryGetValue("realm", out var realm) ||
            !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("http" or "https"))
        {
            throw new RegistryException(RegistryErrorKind.BadResponse, $"{repository.ApiHost} sent an unsupported auth challenge '{challenge.Scheme}'");
        }

        var query = new List<string>();
        if (challenge.Parameters.TryGetValue("service", out var service))
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        // Our scopes (which include push and mount sources) rather than the challenge's, which names one action.
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (challenge.Parameters.TryGetValue("scope", out var challenged) && !scopes.Contains(challenged, StringComparer.Ordinal) &&
            !scopes.Any(s => challenged.StartsWith(s.Split(':')[0] + ":" + s.Split(':')[1] + ":", StringComparison.Ordinal)))
        {
            scopes.Add(challenged);
        }

        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        var tokenUrl = new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri;
        using var response = await SendOnceAsync(() => new HttpRequestMessage(HttpMethod.Get, tokenUrl),
            credentials is null ? null : new AuthenticationHeaderValue("Basic", credentials.BasicValue), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryException(RegistryErrorKind.Unauthorized, credentials is null
                ? $"the token service of {repository.ApiHost} refused anonymous access to {repository.Repository}"
                : $"the token service of {repository.ApiHost} rejected the credentials of user '{credentials.Username}'");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(IsTransient(response.StatusCode) ? RegistryErrorKind.Unreachable : RegistryErrorKind.BadResponse,
                $"the token service {realmUri.Host} answered {(int)response.StatusCode}");
        }

        var body = await ReadLimitedAsync(response, 1 << 20, "the token response", cancellationToken).ConfigureAwait(false);
        var token = ReadToken(body) ?? throw new RegistryException(RegistryErrorKind.BadResponse, $"the token service {realmUri.Host} returned no token");
        Log.Authorized(_logger, repository.ApiHost, scope);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The token response carries <c>token</c> or (OAuth2 style) <c>access_token</c>.</summary>
    private static string? ReadToken(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var name in new[] { "token", "access_token" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var t) &&
                    t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } value)
                {
                    return value;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Reads a whole (small) body, refusing more than <paramref name="limit"/> bytes.</summary>
    internal static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, long limit, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new RegistryException(RegistryErrorKind.TooLarge, $"{what} is {declared} bytes, more than the limit of {limit}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new RegistryException(RegistryErrorKind.TooLarge, $"{what} is more than the limit of {limit} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Registry {Host}: {Cause}; retrying (attempt {Attempt})")]
        public static partial void Retrying(ILogger logger, string host, string cause, int attempt);

        [LoggerMessage(2, LogLevel.Debug, "Registry {Host}: obtained a token for {Scope}")]
        public static partial void Authorized(ILogger logger, string host, string scope);
    }
}
