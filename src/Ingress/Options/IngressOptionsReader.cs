using System.Globalization;

namespace Wharf.Ingress.Options;

/// <summary>
/// Reads <see cref="IngressOptions"/> from flags (<c>--http-port=8080</c>) or <c>WHARF_</c> environment variables,
/// collecting every malformed value before failing.
/// </summary>
internal static class IngressOptionsReader
{
    public static IngressOptions Read(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        var defaults = new IngressOptions();
        var httpsText = config["https-port"];
        var options = new IngressOptions
        {
            BindAddress = config["bind-address"] ?? defaults.BindAddress,
            HttpPort = Int("http-port", defaults.HttpPort),
            HttpsPort = httpsText is "" or "off" or "none" ? null : Int("https-port", defaults.HttpsPort ?? 8443),
            ManagementPort = Int("management-port", defaults.ManagementPort),
            TimeoutMargin = Duration("timeout-margin", defaults.TimeoutMargin),
            HealthInterval = Duration("health-interval", defaults.HealthInterval),
            HealthTimeout = Duration("health-timeout", defaults.HealthTimeout),
            EjectionPeriod = Duration("ejection-period", defaults.EjectionPeriod),
            ReloadDelay = Duration("reload-delay", defaults.ReloadDelay),
            MaxAttempts = Int("max-attempts", defaults.MaxAttempts),
            UnavailableRetryAfterSeconds = Int("retry-after", defaults.UnavailableRetryAfterSeconds),
            TlsSecretNamespace = config["tls-secret-namespace"] is { Length: > 0 } ns ? ns : defaults.TlsSecretNamespace,
            RuntimePortName = config["runtime-port-name"] ?? defaults.RuntimePortName,
            RoutesFile = config["routes-file"] is { Length: > 0 } file ? file : null,
        };
        errors.AddRange(options.Validate());
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid ingress options: " + string.Join("; ", errors.Distinct()));
        }

        return options;

        int Int(string key, int fallback)
        {
            var text = config[key];
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors.Add($"{key}: '{text}' is not an integer");
            return fallback;
        }

        TimeSpan Duration(string key, TimeSpan fallback)
        {
            var text = config[key];
            if (text is null)
            {
                return fallback;
            }

            if (Api.GoDuration.TryParseNanoseconds(text, out var nanoseconds, out _))
            {
                return TimeSpan.FromTicks(nanoseconds / 100);
            }

            errors.Add($"{key}: '{text}' is not a duration such as 5s or 250ms");
            return fallback;
        }
    }
}
