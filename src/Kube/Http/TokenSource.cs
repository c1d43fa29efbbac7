using System.Net.Http.Headers;

namespace Wharf.Kube.Http;

/// <summary>
/// Supplies the bearer token: a static one, or a file that is re-read once <see cref="_refreshInterval"/> has
/// passed, because projected service-account tokens rotate (the kubelet rewrites the file well before expiry).
/// </summary>
internal sealed class TokenSource
{
    private readonly string? _staticToken;
    private readonly string? _file;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _cached;
    private DateTimeOffset _readAt;

    public TokenSource(string? staticToken, string? file, TimeSpan refreshInterval, TimeProvider? time = null)
    {
        _staticToken = staticToken;
        _file = file;
        _refreshInterval = refreshInterval;
        _time = time ?? TimeProvider.System;
    }

    public bool HasToken => _staticToken is not null || _file is not null;

    public string? GetToken()
    {
        if (_staticToken is not null || _file is null)
        {
            return _staticToken;
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_cached is null || now - _readAt >= _refreshInterval)
            {
                try
                {
                    _cached = File.ReadAllText(_file).Trim();
                    _readAt = now;
                }
                catch (IOException) when (_cached is not null)
                {
                    // Mid-rotation the file may briefly be unreadable; keep the previous token and retry next time.
                }
            }

            return _cached;
        }
    }
}

/// <summary>Adds <c>Authorization: Bearer</c> to every request.</summary>
internal sealed class BearerTokenHandler(TokenSource tokens, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = tokens.GetToken();
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
