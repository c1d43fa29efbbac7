using System.Security.Cryptography.X509Certificates;

namespace Wharf.Kube.Config;

/// <summary>
/// Everything needed to talk to one API server. Build it with <see cref="KubernetesConfiguration"/>
/// (kubeconfig or in-cluster) or by hand, then call <see cref="Validate"/> (the client does so too).
/// </summary>
public sealed record KubernetesClientOptions
{
    /// <summary>API server base address, e.g. <c>https://10.0.0.1:443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>Default namespace (from the kubeconfig context or the service account); <c>default</c> when unset.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>CA bundle the server certificate must chain to; null uses the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>Client certificate with its private key for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Static bearer token. Never logged.</summary>
    public string? BearerToken { get; init; }

    /// <summary>File holding a bearer token that rotates (service-account token); re-read every <see cref="TokenRefreshInterval"/>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>How often <see cref="TokenFile"/> is re-read. client-go uses one minute.</summary>
    public TimeSpan TokenRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Skips server certificate validation entirely (kubeconfig <c>insecure-skip-tls-verify</c>). Unsafe.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Server name to verify in the certificate instead of the host in <see cref="Server"/> (kubeconfig <c>tls-server-name</c>).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Timeout for every non-watch request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before a dropped watch reconnects; doubles per failure (jittered) up to <see cref="WatchBackoffMax"/>.</summary>
    public TimeSpan WatchBackoffInitial { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Cap of the watch reconnect delay.</summary>
    public TimeSpan WatchBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Server-side timeout of one watch request; the client then reconnects from the last resourceVersion.
    /// A watch that sends nothing (not even bookmarks) for this long plus a minute counts as dropped.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a request answered with 429/5xx and <c>Retry-After</c> is retried (0 disables).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>User-Agent sent with every request.</summary>
    public string UserAgent { get; init; } = "wharf-kube/1.0";

    /// <summary>Returns every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Server is null || !Server.IsAbsoluteUri)
        {
            errors.Add("server must be an absolute URI.");
        }
        else if (Server.Scheme != Uri.UriSchemeHttps && Server.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"server scheme '{Server.Scheme}' is not http or https.");
        }
        else if (Server.Scheme == Uri.UriSchemeHttp && (BearerToken is not null || TokenFile is not null))
        {
            errors.Add("a bearer token must not be sent over plain http; use an https server.");
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            errors.Add("namespace must not be empty.");
        }

        if (BearerToken is not null && TokenFile is not null)
        {
            errors.Add("set either a bearer token or a token file, not both.");
        }

        if (TokenFile is not null && !File.Exists(TokenFile))
        {
            errors.Add($"token file '{TokenFile}' does not exist.");
        }

        if (ClientCertificate is not null && !ClientCertificate.HasPrivateKey)
        {
            errors.Add("the client certificate has no private key.");
        }

        if (InsecureSkipTlsVerify && CertificateAuthorities is { Count: > 0 })
        {
            errors.Add("insecure-skip-tls-verify cannot be combined with a certificate authority.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("request timeout must be positive.");
        }

        if (WatchBackoffInitial <= TimeSpan.Zero || WatchBackoffMax < WatchBackoffInitial)
        {
            errors.Add("watch backoff must be positive with max >= initial.");
        }

        if (WatchTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add("watch timeout must be at least one second.");
        }

        if (MaxRetries < 0)
        {
            errors.Add("max retries must not be negative.");
        }

        if (TokenRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add("token refresh interval must be positive.");
        }

        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            errors.Add("user agent must not be empty.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="KubernetesConfigException"/> listing every problem when the options are invalid.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new KubernetesConfigException(errors);
        }
    }
}

/// <summary>Raised when configuration is missing or invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class KubernetesConfigException : Exception
{
    /// <summary>Creates the exception from a list of problems.</summary>
    public KubernetesConfigException(IReadOnlyList<string> errors)
        : base("Invalid Kubernetes configuration: " + string.Join(" ", errors)) => Errors = errors;

    /// <summary>Creates the exception from one problem.</summary>
    public KubernetesConfigException(string error)
        : this([error])
    {
    }

    /// <summary>Creates the exception (serialization-style constructor kept for analyzers).</summary>
    public KubernetesConfigException()
        : this("unknown error")
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public KubernetesConfigException(string error, Exception innerException)
        : base("Invalid Kubernetes configuration: " + error, innerException) => Errors = [error];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
