using System.Globalization;

namespace Wharf.Operator.Options;

/// <summary>
/// Reads <see cref="OperatorOptions"/> from configuration (command-line flags such as <c>--node-runtime-image=…</c>,
/// then <c>WHARF_</c> environment variables). Unparseable values are reported together with the validation errors.
/// </summary>
internal static class OptionsReader
{
    public static OperatorOptions Read(IConfiguration config, out string listen)
    {
        var errors = new List<string>();
        listen = config["listen"] ?? "http://0.0.0.0:8081";
        var options = new OperatorOptions
        {
            Namespace = config["namespace"] ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "wharf-system",
            Identity = config["identity"] ?? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName,
            LeaderElection = Bool(config, "leader-elect", true, errors),
            LeaderElectionId = config["leader-election-id"] ?? "wharf-operator-leader",
            LeaseDuration = Duration(config, "lease-duration", TimeSpan.FromSeconds(15), errors),
            NodeRuntimeImage = config["node-runtime-image"] ?? "",
            NodeRuntimePort = Int(config, "node-runtime-port", 8080, errors),
            UrlScheme = config["url-scheme"] ?? "https",
            RollPodsOnConfigChange = Bool(config, "roll-on-config-change", false, errors),
            // The URL may hold a password: prefer the environment (set from a Secret) over a visible flag.
            RedisUrl = config["redis-url"] ?? Environment.GetEnvironmentVariable("WHARF_REDIS_URL"),
            PlainHttpRegistries = (config["registry-plain-http"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            RegistryCredentialsSecret = config["registry-credentials-secret"],
            RegistryTimeout = Duration(config, "registry-timeout", TimeSpan.FromSeconds(10), errors),
            Concurrency = Int(config, "concurrency", 4, errors),
        };

        errors.AddRange(options.Validate());
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid operator options: " + string.Join(" ", errors));
        }

        return options;
    }

    private static bool Bool(IConfiguration config, string key, bool fallback, List<string> errors)
    {
        var text = config[key];
        if (text is null)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"--{key}={text} is not true or false.");
        return fallback;
    }

    private static int Int(IConfiguration config, string key, int fallback, List<string> errors)
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

        errors.Add($"--{key}={text} is not an integer.");
        return fallback;
    }

    private static TimeSpan Duration(IConfiguration config, string key, TimeSpan fallback, List<string> errors)
    {
        var text = config[key];
        if (text is null)
        {
            return fallback;
        }

        if (Api.GoDuration.TryParseNanoseconds(text, out var ns, out var error))
        {
            return TimeSpan.FromTicks(ns / 100);
        }

        errors.Add($"--{key}={text}: {error}");
        return fallback;
    }
}
