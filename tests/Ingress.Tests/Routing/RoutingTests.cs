using System.Net;
using Wharf.Ingress.Tests.Support;

namespace Wharf.Ingress.Tests.Routing;

public sealed class RoutingTests : IAsyncLifetime
{
    private readonly List<Backend> _backends = [];
    private TestIngress _ingress = null!;

    public async Task InitializeAsync() => _ingress = await TestIngress.StartAsync();

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    private async Task<Backend> BackendAsync(string name)
    {
        var backend = await Backend.StartAsync(name);
        _backends.Add(backend);
        return backend;
    }

    [Fact]
    public async Task Publish_HostWildcardAndPrefixes_MostSpecificRouteWins()
    {
        var exact = await BackendAsync("exact");
        var wild = await BackendAsync("wild");
        var api = await BackendAsync("api");
        _ingress.Publish(Snapshots.Of(
            [
                Snapshots.Worker("t-exact", "site", "shop.example.com/"),
                Snapshots.Worker("t-wild", "any", "*.example.com/"),
                Snapshots.Worker("t-api", "api", "*.example.com/api", "shop.example.com/api/v2"),
            ],
            new Dictionary<string, Backend[]> { ["t-exact"] = [exact], ["t-wild"] = [wild], ["t-api"] = [api] }));

        Assert.StartsWith("exact|shop.example.com|/cart|", (await _ingress.GetTextAsync("shop.example.com", "/cart")).Body);
        Assert.StartsWith("exact|shop.example.com|/api/v1|", (await _ingress.GetTextAsync("shop.example.com", "/api/v1")).Body);
        Assert.StartsWith("api|shop.example.com|/api/v2/items|", (await _ingress.GetTextAsync("shop.example.com", "/api/v2/items")).Body);
        Assert.StartsWith("wild|blog.example.com|/", (await _ingress.GetTextAsync("blog.example.com", "/")).Body);
        Assert.StartsWith("wild|a.b.example.com|/x|", (await _ingress.GetTextAsync("a.b.example.com", "/x")).Body);
        Assert.StartsWith("api|blog.example.com|/api|", (await _ingress.GetTextAsync("blog.example.com", "/api")).Body);
        Assert.StartsWith("api|blog.example.com|/api/x|", (await _ingress.GetTextAsync("blog.example.com", "/api/x")).Body);
        Assert.StartsWith("wild|blog.example.com|/apix|", (await _ingress.GetTextAsync("blog.example.com", "/apix")).Body);
        Assert.StartsWith("exact|shop.example.com:8080|/", (await _ingress.GetTextAsync("shop.example.com:8080", "/")).Body);
    }

    [Fact]
    public async Task Request_UnknownHostOrPath_404WithShortText()
    {
        var backend = await BackendAsync("b");
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/api")], new Dictionary<string, Backend[]> { ["t1"] = [backend] }));

        var (status, body) = await _ingress.GetTextAsync("other.example.com", "/api");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("no worker serves this host and path\n", body);
        Assert.Equal(HttpStatusCode.NotFound, (await _ingress.GetTextAsync("app.example.com", "/")).Status);
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task Publish_WorkerRemoved_404()
    {
        var backend = await BackendAsync("b");
        var endpoints = new Dictionary<string, Backend[]> { ["t1"] = [backend] };
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], endpoints));
        Assert.Equal(HttpStatusCode.OK, (await _ingress.GetTextAsync("app.example.com", "/")).Status);

        _ingress.Publish(Snapshots.Of([], endpoints));
        Assert.Equal(HttpStatusCode.NotFound, (await _ingress.GetTextAsync("app.example.com", "/")).Status);
    }

    [Fact]
    public async Task Request_TenantHasNoReadyPod_503WithRetryAfter()
    {
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], new Dictionary<string, Backend[]>()));

        using var response = await _ingress.GetAsync("app.example.com", "/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("no runtime pod of tenant t1 is ready\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_Proxied_ForwardedHeadersOriginalHostAndRequestId()
    {
        var backend = await BackendAsync("b");
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], new Dictionary<string, Backend[]> { ["t1"] = [backend] }));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
        request.Headers.Host = "app.example.com";
        request.Headers.Add("X-Forwarded-For", "203.0.113.9"); // a client cannot spoof its address: the ingress sets it
        using var response = await _ingress.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));

        Assert.StartsWith("b|app.example.com|/hello|GET|0\n", body);
        Assert.Contains("xff=127.0.0.1\n", body);
        Assert.Contains("xfproto=http\n", body);
        Assert.Contains("xfhost=app.example.com\n", body);
        Assert.Contains($"rid={id}\n", body);
        Assert.Equal(32, id.Length);

        using var withId = new HttpRequestMessage(HttpMethod.Get, "/");
        withId.Headers.Host = "app.example.com";
        withId.Headers.Add("X-Request-Id", "client-chosen-1");
        using var echoed = await _ingress.Client.SendAsync(withId);
        Assert.Equal("client-chosen-1", Assert.Single(echoed.Headers.GetValues("X-Request-Id")));
        Assert.Contains("rid=client-chosen-1\n", await echoed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_BodyOverWorkerLimit_413()
    {
        var backend = await BackendAsync("b");
        var worker = Snapshots.Worker("t1", "w", "app.example.com/") with { MaxBodyBytes = 1000 };
        _ingress.Publish(Snapshots.Of([worker], new Dictionary<string, Backend[]> { ["t1"] = [backend] }));

        using var small = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(new byte[1000]) };
        small.Headers.Host = "app.example.com";
        using var ok = await _ingress.Client.SendAsync(small);
        Assert.StartsWith("b|app.example.com|/|POST|1000", await ok.Content.ReadAsStringAsync());

        using var large = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(new byte[1001]) };
        large.Headers.Host = "app.example.com";
        using var rejected = await _ingress.Client.SendAsync(large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rejected.StatusCode);
    }

    [Fact]
    public async Task Request_WorkerSlowerThanTimeoutPlusMargin_504()
    {
        var backend = await BackendAsync("b");
        var worker = Snapshots.Worker("t1", "w", "app.example.com/") with { Timeout = TimeSpan.FromMilliseconds(200) };
        _ingress.Publish(Snapshots.Of([worker], new Dictionary<string, Backend[]> { ["t1"] = [backend] }));

        var (status, body) = await _ingress.GetTextAsync("app.example.com", "/?delayMs=30000"); // 200 ms + 2 s margin
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("the worker did not answer in time\n", body);
    }

    [Fact]
    public async Task Publish_ConflictingTenants_OlderServesAndLossIsReported()
    {
        var first = await BackendAsync("first");
        var second = await BackendAsync("second");
        _ingress.Publish(Snapshots.Of(
            [
                Snapshots.Worker("t2", "w", DateTimeOffset.UnixEpoch.AddDays(2), "app.example.com/"),
                Snapshots.Worker("t1", "w", DateTimeOffset.UnixEpoch.AddDays(1), "app.example.com/"),
            ],
            new Dictionary<string, Backend[]> { ["t1"] = [first], ["t2"] = [second] }));

        Assert.StartsWith("first|", (await _ingress.GetTextAsync("app.example.com", "/")).Body);
        var loss = Assert.Single(_ingress.Host.State.Losses["t2/w"]);
        Assert.Equal(("t1", "w"), (loss.WinnerNamespace, loss.WinnerName));
        Assert.Contains("wharf_ingress_route_conflicts 1", await _ingress.MetricsAsync(), StringComparison.Ordinal);
    }
}
