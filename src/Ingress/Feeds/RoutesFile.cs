using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Api;
using Wharf.Api.Routing;
using Wharf.Api.Workers;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.Feeds;

/// <summary>
/// A static routes file, for running the ingress without Kubernetes (benchmarks, local set-ups):
/// <code>
/// { "workers": [ { "namespace": "t1", "name": "hello", "routes": [ { "host": "a.example.com", "pathPrefix": "/" } ],
///                  "timeout": "5s", "maxBodySize": "1Mi" } ],
///   "endpoints": { "t1": [ "127.0.0.1:8081" ] },
///   "rateLimits": { "t1": { "requestsPerSecond": 100, "burst": 200 } } }
/// </code>
/// Every worker in the file is served (the file has no readiness); timeout and maxBodySize default as in the CRD.
/// </summary>
internal sealed class RoutesFile
{
    public IList<FileWorker> Workers { get; set; } = [];

    public IDictionary<string, IList<string>> Endpoints { get; set; } = new Dictionary<string, IList<string>>();

    public IDictionary<string, FileRateLimit> RateLimits { get; set; } = new Dictionary<string, FileRateLimit>();

    /// <summary>Parses and validates a routes file; every problem is reported at once.</summary>
    public static IngressSnapshot Parse(string json)
    {
        RoutesFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, RoutesFileJsonContext.Default.RoutesFile);
        }
        catch (JsonException ex)
        {
            throw new FormatException("routes file: " + ex.Message, ex);
        }

        if (file is null)
        {
            throw new FormatException("routes file: empty");
        }

        var errors = new List<string>();
        var workers = new List<ServedWorker>();
        foreach (var (w, i) in file.Workers.Select((w, i) => (w, i)))
        {
            var at = $"workers[{i}]";
            if (string.IsNullOrEmpty(w.Namespace) || string.IsNullOrEmpty(w.Name))
            {
                errors.Add($"{at}: namespace and name are required");
            }

            if (w.Routes is not { Count: > 0 })
            {
                errors.Add($"{at}: at least one route is required");
            }

            TimeSpan timeout = default;
            long maxBody = 0;
            try
            {
                timeout = GoDuration.Parse(w.Timeout ?? WorkerDefaults.Timeout);
                maxBody = Quantity.ParseBytes(w.MaxBodySize ?? WorkerDefaults.MaxBodySize);
            }
            catch (FormatException ex)
            {
                errors.Add($"{at}: {ex.Message}");
            }

            workers.Add(new ServedWorker(w.Namespace ?? "", w.Name ?? "", null,
                [.. (w.Routes ?? []).Select(r => RouteKey.Of(r.Host, r.PathPrefix))], timeout, maxBody));
        }

        var endpoints = new Dictionary<string, IReadOnlyList<RuntimeEndpoint>>(StringComparer.Ordinal);
        foreach (var (tenant, addresses) in file.Endpoints)
        {
            var list = new List<RuntimeEndpoint>();
            foreach (var address in addresses)
            {
                var colon = address.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
                    || !System.Net.IPAddress.TryParse(address[..colon].Trim('[', ']'), out _))
                {
                    errors.Add($"endpoints.{tenant}: '{address}' is not ip:port");
                    continue;
                }

                list.Add(new RuntimeEndpoint(address[..colon].Trim('[', ']'), port));
            }

            endpoints[tenant] = list;
        }

        var limits = new Dictionary<string, TenantRateLimit>(StringComparer.Ordinal);
        foreach (var (tenant, limit) in file.RateLimits)
        {
            if (limit.RequestsPerSecond < 1 || limit.Burst is < 1)
            {
                errors.Add($"rateLimits.{tenant}: requestsPerSecond and burst must be at least 1");
                continue;
            }

            limits[tenant] = new TenantRateLimit(limit.RequestsPerSecond, limit.Burst ?? limit.RequestsPerSecond);
        }

        if (errors.Count > 0)
        {
            throw new FormatException("routes file: " + string.Join("; ", errors));
        }

        return new IngressSnapshot(workers, endpoints, limits, []);
    }
}

/// <summary>A worker in a routes file.</summary>
internal sealed class FileWorker
{
    public string? Namespace { get; set; }

    public string? Name { get; set; }

    public IList<FileRoute>? Routes { get; set; }

    public string? Timeout { get; set; }

    public string? MaxBodySize { get; set; }
}

/// <summary>A route in a routes file.</summary>
internal sealed class FileRoute
{
    public required string Host { get; set; }

    public string? PathPrefix { get; set; }
}

/// <summary>A tenant's rate limit in a routes file.</summary>
internal sealed class FileRateLimit
{
    public int RequestsPerSecond { get; set; }

    public int? Burst { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(RoutesFile))]
internal sealed partial class RoutesFileJsonContext : JsonSerializerContext;
