using System.Net;
using Microsoft.Extensions.Logging;
using Wharf.Api.Routing;
using Wharf.Ingress.Hosting;
using Wharf.Ingress.Options;
using Wharf.Ingress.Routing;

namespace Wharf.Ingress.Tests.Support;

/// <summary>A started ingress on 127.0.0.1 (random ports) and a client that sends requests to it with any Host.</summary>
internal sealed class TestIngress : IAsyncDisposable
{
    private TestIngress(IngressHost host, HttpClient client)
    {
        Host = host;
        Client = client;
    }

    public IngressHost Host { get; }

    public HttpClient Client { get; }

    public static async Task<TestIngress> StartAsync(IngressOptions? options = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        options ??= Options();
        var host = IngressHost.Build(options, configure, logging => logging.ClearProviders());
        await host.StartAsync();
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = host.HttpAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new TestIngress(host, client);
    }

    public static IngressOptions Options() => new()
    {
        BindAddress = "127.0.0.1",
        HttpPort = 0,
        HttpsPort = 0,
        ManagementPort = 0,
        HealthInterval = TimeSpan.FromMilliseconds(500),
        HealthTimeout = TimeSpan.FromSeconds(5),
        EjectionPeriod = TimeSpan.FromSeconds(30),
    };

    public void Publish(IngressSnapshot snapshot) => Host.State.Publish(snapshot);

    /// <summary>A GET to <paramref name="path"/> with the given Host header.</summary>
    public Task<HttpResponseMessage> GetAsync(string host, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return Client.SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body)> GetTextAsync(string host, string path)
    {
        using var response = await GetAsync(host, path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> MetricsAsync()
    {
        using var client = new HttpClient { BaseAddress = Host.ManagementAddress };
        return await client.GetStringAsync("/metrics");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>Builders of snapshots.</summary>
internal static class Snapshots
{
    public static ServedWorker Worker(string ns, string name, params string[] routes) =>
        Worker(ns, name, DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), routes);

    public static ServedWorker Worker(string ns, string name, DateTimeOffset created, params string[] routes) =>
        new(ns, name, created, [.. routes.Select(Route)], TimeSpan.FromSeconds(5), 1024 * 1024);

    /// <summary><c>host/prefix</c> → a route key.</summary>
    public static RouteKey Route(string route)
    {
        var slash = route.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? RouteKey.Of(route, "/") : RouteKey.Of(route[..slash], route[slash..]);
    }

    public static IngressSnapshot Of(IEnumerable<ServedWorker> workers, IDictionary<string, Backend[]> endpoints,
        IDictionary<string, TenantRateLimit>? limits = null, IEnumerable<TlsCertificatePem>? certificates = null) =>
        new([.. workers],
            endpoints.ToDictionary(e => e.Key, e => (IReadOnlyList<RuntimeEndpoint>)[.. e.Value.Select(b => b.Endpoint)]),
            limits is null ? new Dictionary<string, TenantRateLimit>() : new Dictionary<string, TenantRateLimit>(limits),
            certificates is null ? [] : [.. certificates]);
}
