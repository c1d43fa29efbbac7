namespace Wharf.Ingress.Options;

/// <summary>Settings of one ingress replica; validated up front (<see cref="Validate"/> reports every error at once).</summary>
internal sealed record IngressOptions
{
    /// <summary>Address the listeners bind to (<c>0.0.0.0</c> in a pod, <c>127.0.0.1</c> in tests).</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>Plain HTTP port (HTTP/1.1 and h2c); 0 picks a free port.</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>HTTPS port (HTTP/1.1 and HTTP/2 by ALPN), certificates chosen by SNI; null disables HTTPS.</summary>
    public int? HttpsPort { get; init; } = 8443;

    /// <summary>Port of <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>, kept apart from tenant traffic.</summary>
    public int ManagementPort { get; init; } = 9090;

    /// <summary>Added to a worker's <c>limits.timeout</c>: the runtime answers 504 itself first, the ingress only catches stuck pods.</summary>
    public TimeSpan TimeoutMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each runtime pod's <c>/readyz</c> is probed.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of one <c>/readyz</c> probe.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a pod that failed a request at the transport level is left out.</summary>
    public TimeSpan EjectionPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most pods one request is tried on (connect failures, and idempotent requests without a body).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Seconds announced in <c>Retry-After</c> when no runtime pod is ready.</summary>
    public int UnavailableRetryAfterSeconds { get; init; } = 5;

    /// <summary>Quiet period after a Kubernetes change before the routes are rebuilt (changes in one burst apply together).</summary>
    public TimeSpan ReloadDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Namespace whose <c>kubernetes.io/tls</c> Secrets hold the certificates served by SNI; null disables them.</summary>
    public string? TlsSecretNamespace { get; init; }

    /// <summary>Name of the runtime Service port the pods serve on.</summary>
    public string RuntimePortName { get; init; } = "http";

    /// <summary>A static routes file (see <c>Feeds/RoutesFile.cs</c>) served instead of the Kubernetes feed; null uses Kubernetes.</summary>
    public string? RoutesFile { get; init; }

    /// <summary>Every problem of these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        static bool Port(int p) => p is >= 0 and <= 65535;
        if (!System.Net.IPAddress.TryParse(BindAddress, out _))
        {
            errors.Add($"bind-address: '{BindAddress}' is not an IP address");
        }

        if (!Port(HttpPort))
        {
            errors.Add($"http-port: {HttpPort} is not a port");
        }

        if (HttpsPort is { } https && !Port(https))
        {
            errors.Add($"https-port: {https} is not a port");
        }

        if (!Port(ManagementPort))
        {
            errors.Add($"management-port: {ManagementPort} is not a port");
        }

        foreach (var (name, value) in new[] { ("timeout-margin", TimeoutMargin), ("health-interval", HealthInterval), ("health-timeout", HealthTimeout), ("ejection-period", EjectionPeriod), ("reload-delay", ReloadDelay) })
        {
            if (value < TimeSpan.Zero || (value == TimeSpan.Zero && name is not ("timeout-margin" or "reload-delay")))
            {
                errors.Add($"{name}: {value} must be positive");
            }
        }

        if (MaxAttempts is < 1 or > 10)
        {
            errors.Add($"max-attempts: {MaxAttempts} must be between 1 and 10");
        }

        if (UnavailableRetryAfterSeconds is < 1 or > 3600)
        {
            errors.Add($"retry-after: {UnavailableRetryAfterSeconds} must be between 1 and 3600 seconds");
        }

        if (string.IsNullOrWhiteSpace(RuntimePortName))
        {
            errors.Add("runtime-port-name: must not be empty");
        }

        if (RoutesFile is { } file && !File.Exists(file))
        {
            errors.Add($"routes-file: {file} does not exist");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid ingress options: " + string.Join("; ", errors));
        }
    }
}
