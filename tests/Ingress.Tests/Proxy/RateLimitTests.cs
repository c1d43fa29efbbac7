using System.Diagnostics;
using System.Net;
using Wharf.Ingress.Routing;
using Wharf.Ingress.Tests.Support;

namespace Wharf.Ingress.Tests.Proxy;

public sealed class RateLimitTests : IAsyncLifetime
{
    private Backend _backend = null!;
    private TestIngress _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await TestIngress.StartAsync();
        _backend = await Backend.StartAsync("b");
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private void Publish(int rps, int burst) => _ingress.Publish(Snapshots.Of(
        [Snapshots.Worker("t1", "w", "limited.example.com/"), Snapshots.Worker("t2", "w", "free.example.com/")],
        new Dictionary<string, Backend[]> { ["t1"] = [_backend], ["t2"] = [_backend] },
        new Dictionary<string, TenantRateLimit> { ["t1"] = new(rps, burst) }));

    [Fact]
    public async Task Request_OverTenantRate_429WithRetryAfterAndOtherTenantsUnaffected()
    {
        Publish(rps: 1, burst: 3);
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 50 && limited is null; i++)
        {
            var response = await _ingress.GetAsync("limited.example.com", "/");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                accepted++;
                response.Dispose();
            }
        }

        // A bound on what the bucket may let through, not on speed: burst + rate x time passed.
        Assert.NotNull(limited);
        Assert.InRange(accepted, 3, 3 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("tenant t1 is over its request rate limit\n", await limited.Content.ReadAsStringAsync());
        limited.Dispose();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _ingress.GetTextAsync("free.example.com", "/")).Status);
        }

        Assert.Contains("wharf_ingress_rate_limited_total{tenant=\"t1\"} 1", await _ingress.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_QuotaRaised_AppliesToNextRequest()
    {
        Publish(rps: 1, burst: 1);
        Assert.Equal(HttpStatusCode.OK, (await _ingress.GetTextAsync("limited.example.com", "/")).Status);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            statuses.Add((await _ingress.GetTextAsync("limited.example.com", "/")).Status);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        Publish(rps: 10_000, burst: 10_000);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _ingress.GetTextAsync("limited.example.com", "/")).Status);
        }
    }
}
