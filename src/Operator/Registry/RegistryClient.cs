using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Wharf.Operator.Diagnostics;
using Wharf.Operator.Options;

namespace Wharf.Operator.Registry;

/// <summary>
/// Resolves tags to digests with the OCI distribution API
/// (<see href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests"/>):
/// <c>HEAD /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c> and the <c>Docker-Content-Digest</c> header, answering a 401 with
/// the Bearer token flow or Basic auth (<see href="https://distribution.github.io/distribution/spec/auth/token/"/>).
/// Pinned references never touch the network.
/// </summary>
internal sealed class RegistryClient : IDigestResolver, IDisposable
{
    /// <summary>Every manifest type a worker module can be published as; the registry picks one we accept.</summary>
    internal static readonly string[] ManifestMediaTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private readonly HttpClient _http;
    private readonly OperatorOptions _options;
    private readonly ILogger _logger;

    public RegistryClient(OperatorOptions options, ILogger<RegistryClient> logger, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = options.RegistryTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("wharf-operator/0.1");
    }

    public void Dispose() => _http.Dispose();

    public async Task<ResolveResult> ResolveAsync(ImageReference image, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (image.Digest is { } pinned)
        {
            return ResolveResult.Resolved(pinned, $"pinned to {pinned}");
        }

        var scheme = _options.IsPlainHttp(image.ApiHost) ? "http" : "https";
        var url = new Uri($"{scheme}://{image.ApiHost}/v2/{image.Repository}/manifests/{Uri.EscapeDataString(image.ManifestReference)}");
        try
        {
            using var first = await SendAsync(HttpMethod.Head, url, authorization: null, cancellationToken).ConfigureAwait(false);
            if (first.StatusCode != HttpStatusCode.Unauthorized)
            {
                return await InterpretAsync(first, image, url, null, cancellationToken).ConfigureAwait(false);
            }

            var challenge = AuthChallenge.Parse(first.Headers.WwwAuthenticate.ToString());
            var authorization = await AuthorizeAsync(challenge, image, credentials, cancellationToken).ConfigureAwait(false);
            if (authorization.Failure is not null)
            {
                return authorization.Failure;
            }

            using var second = await SendAsync(HttpMethod.Head, url, authorization.Header, cancellationToken).ConfigureAwait(false);
            if (second.StatusCode == HttpStatusCode.Unauthorized)
            {
                return ResolveResult.Failed(ResolveFailure.Unauthorized, credentials is null
                    ? $"{image.ApiHost} requires credentials for {image.Repository}; set spec.module.pullSecret"
                    : $"{image.ApiHost} rejected the credentials of user '{credentials.Username}' for {image.Repository}");
            }

            return await InterpretAsync(second, image, url, authorization.Header, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.RegistryUnreachable(_logger, image.ApiHost, ex.Message);
            var cause = ex is TaskCanceledException ? $"timed out after {_options.RegistryTimeout.TotalSeconds:0.#}s" : ex.Message;
            return ResolveResult.Failed(ResolveFailure.RegistryUnreachable, $"registry {image.ApiHost} is unreachable: {cause}");
        }
    }

    private async Task<ResolveResult> InterpretAsync(
        HttpResponseMessage response, ImageReference image, Uri url, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return ResolveResult.Failed(ResolveFailure.ManifestNotFound, $"manifest {image.Repository}:{image.ManifestReference} not found on {image.ApiHost}");
        }

        if (code is 429 or >= 500)
        {
            return ResolveResult.Failed(ResolveFailure.RegistryUnreachable, $"registry {image.ApiHost} answered {code} {response.ReasonPhrase}");
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return ResolveResult.Failed(ResolveFailure.Unauthorized, $"{image.ApiHost} denied access to {image.Repository} (403)");
        }

        if (!response.IsSuccessStatusCode)
        {
            return ResolveResult.Failed(ResolveFailure.BadResponse, $"registry {image.ApiHost} answered {code} {response.ReasonPhrase} for {image.Repository}:{image.ManifestReference}");
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } digest)
        {
            return ImageReference.DigestPattern().IsMatch(digest)
                ? ResolveResult.Resolved(digest, $"{image.Repository}:{image.ManifestReference} resolved to {digest}")
                : ResolveResult.Failed(ResolveFailure.BadResponse, $"registry {image.ApiHost} sent digest '{digest}', which is not sha256");
        }

        // Docker-Content-Digest is optional in the spec: fetch the manifest and hash its exact bytes instead.
        using var get = await SendAsync(HttpMethod.Get, url, authorization, cancellationToken).ConfigureAwait(false);
        if (!get.IsSuccessStatusCode)
        {
            return ResolveResult.Failed(ResolveFailure.BadResponse, $"registry {image.ApiHost} answered {(int)get.StatusCode} to GET of the manifest");
        }

        var body = await get.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var computed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        return ResolveResult.Resolved(computed, $"{image.Repository}:{image.ManifestReference} resolved to {computed} (hashed)");
    }

    private async Task<(AuthenticationHeaderValue? Header, ResolveResult? Failure)> AuthorizeAsync(
        AuthChallenge? challenge, ImageReference image, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            return (null, ResolveResult.Failed(ResolveFailure.BadResponse, $"{image.ApiHost} answered 401 without a usable WWW-Authenticate challenge"));
        }

        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return credentials is null
                ? (null, ResolveResult.Failed(ResolveFailure.Unauthorized, $"{image.ApiHost} requires credentials for {image.Repository}; set spec.module.pullSecret"))
                : (new AuthenticationHeaderValue("Basic", credentials.BasicValue), null);
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ||
            !challenge.Parameters.TryGetValue("realm", out var realm) ||
            !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            return (null, ResolveResult.Failed(ResolveFailure.BadResponse, $"{image.ApiHost} sent an unsupported auth challenge '{challenge.Scheme}'"));
        }

        var query = new List<string>();
        if (challenge.Parameters.TryGetValue("service", out var service))
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        var scope = challenge.Parameters.TryGetValue("scope", out var s) ? s : $"repository:{image.Repository}:pull";
        query.Add("scope=" + Uri.EscapeDataString(scope));
        var tokenUrl = new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri;
        using var response = await SendAsync(HttpMethod.Get, tokenUrl,
            credentials is null ? null : new AuthenticationHeaderValue("Basic", credentials.BasicValue), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return (null, ResolveResult.Failed(ResolveFailure.Unauthorized, credentials is null
                ? $"the token service of {image.ApiHost} refused anonymous access to {image.Repository}; set spec.module.pullSecret"
                : $"the token service of {image.ApiHost} rejected the credentials of user '{credentials.Username}'"));
        }

        if (!response.IsSuccessStatusCode)
        {
            return (null, ResolveResult.Failed((int)response.StatusCode >= 500 ? ResolveFailure.RegistryUnreachable : ResolveFailure.BadResponse,
                $"the token service {realmUri.Host} answered {(int)response.StatusCode}"));
        }

        var token = ReadToken(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return token is null
            ? (null, ResolveResult.Failed(ResolveFailure.BadResponse, $"the token service {realmUri.Host} returned no token"))
            : (new AuthenticationHeaderValue("Bearer", token), null);
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

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        foreach (var type in ManifestMediaTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        request.Headers.Authorization = authorization;
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }
}
