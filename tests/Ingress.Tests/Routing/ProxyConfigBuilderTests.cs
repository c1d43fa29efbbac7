using Wharf.Ingress.Routing;
using Wharf.Ingress.Tests.Support;

namespace Wharf.Ingress.Tests.Routing;

public class ProxyConfigBuilderTests
{
    [Fact]
    public void Order_ExactHostBeforeLongerWildcardBeforeShorterWildcard_ThenLongestPrefix()
    {
        var exactRoot = ProxyConfigBuilder.Order(Snapshots.Route("a.b.example.com/"));
        var longWildcardApi = ProxyConfigBuilder.Order(Snapshots.Route("*.b.example.com/api"));
        var longWildcardRoot = ProxyConfigBuilder.Order(Snapshots.Route("*.b.example.com/"));
        var shortWildcard = ProxyConfigBuilder.Order(Snapshots.Route("*.example.com/api/v1"));
        Assert.True(exactRoot < longWildcardApi);
        Assert.True(longWildcardApi < longWildcardRoot);
        Assert.True(longWildcardRoot < shortWildcard);
        Assert.True(ProxyConfigBuilder.Order(Snapshots.Route("x.com/api/v1")) < ProxyConfigBuilder.Order(Snapshots.Route("x.com/api")));
    }

    [Theory]
    [InlineData("/", "/{**wharf-path}")]
    [InlineData("/api", "/api/{**wharf-path}")]
    [InlineData("/api/", "/api/{**wharf-path}")]
    public void PathTemplate_Prefix_MatchesOnSegmentBoundaries(string prefix, string template) =>
        Assert.Equal(template, ProxyConfigBuilder.PathTemplate(prefix));

    [Fact]
    public void Build_TwoTenantsClaimSameRoute_OnlyTheOlderGetsIt()
    {
        var older = Snapshots.Worker("t1", "w", DateTimeOffset.UnixEpoch.AddDays(1), "a.example.com/api", "a.example.com/only-t1");
        var newer = Snapshots.Worker("t2", "w", DateTimeOffset.UnixEpoch.AddDays(2), "a.example.com/api", "a.example.com/other");
        var result = ProxyConfigBuilder.Build(new IngressSnapshot([newer, older], new Dictionary<string, IReadOnlyList<RuntimeEndpoint>>(),
            new Dictionary<string, TenantRateLimit>(), []), TestIngress.Options());

        Assert.Equal(["t1/w#1", "t1/w#2", "t2/w#2"], result.Routes.Select(r => r.RouteId).Order(StringComparer.Ordinal));
        var loss = Assert.Single(result.Losses["t2/w"]);
        Assert.Equal("a.example.com/api", loss.Route.ToString());
        Assert.Equal(["t1", "t2"], result.Clusters.Select(c => c.ClusterId));
    }

    [Fact]
    public void Build_EqualSnapshots_EqualConfigurations()
    {
        var endpoints = new Dictionary<string, IReadOnlyList<RuntimeEndpoint>> { ["t1"] = [new("10.0.0.2", 8080), new("10.0.0.1", 8080)] };
        var snapshot = new IngressSnapshot([Snapshots.Worker("t1", "w", "a.example.com/")], endpoints, new Dictionary<string, TenantRateLimit>(), []);
        var first = ProxyConfigBuilder.Build(snapshot, TestIngress.Options());
        var second = ProxyConfigBuilder.Build(snapshot with { }, TestIngress.Options());

        Assert.True(first.Routes.SequenceEqual(second.Routes));
        Assert.True(first.Clusters.SequenceEqual(second.Clusters));
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], first.Clusters[0].Destinations!.Keys);
        var route = first.Routes[0];
        Assert.Equal(TimeSpan.FromSeconds(7), route.Timeout); // 5 s limit + 2 s margin
        Assert.Equal(1024 * 1024, route.MaxRequestBodySize);
    }
}
