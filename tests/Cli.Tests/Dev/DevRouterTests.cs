using Wharf.Cli.Dev;
using Wharf.NodeRuntime.Hosting;

namespace Wharf.Cli.Tests.Dev;

public sealed class DevRouterTests
{
    private static DevRouter<string> Router(params (string Host, string Prefix, string Target)[] routes) =>
        new(routes.Select(r => (new WorkerRoute(r.Host, r.Prefix), r.Target, r.Target)));

    [Theory]
    [InlineData("api.example.com", "/x", "exact")]
    [InlineData("api.example.com:8080", "/", "exact")]
    [InlineData("www.example.com", "/", "wildcard")]
    [InlineData("example.com", "/", "any")]
    [InlineData("other.test", "/api", "api")]
    [InlineData("other.test", "/api/items", "api")]
    [InlineData("other.test", "/apix", "any")]
    public void Match_MostSpecificHostThenLongestPrefix(string host, string path, string expected)
    {
        var router = Router(("*", "/", "any"), ("*", "/api", "api"), ("*.example.com", "/", "wildcard"), ("api.example.com", "/", "exact"));

        Assert.Equal(expected, router.Match(host, path));
    }

    [Fact]
    public void Match_NoRoute_ReturnsNull()
    {
        Assert.Null(Router(("*", "/hello", "hello")).Match("localhost", "/other"));
    }

    [Fact]
    public void Create_SameRouteTwice_NamesBothWorkers()
    {
        var e = Assert.Throws<DevConfigException>(() => Router(("*", "/a", "one"), ("*", "/a", "two")));

        Assert.Equal("route */a is claimed by both 'one' and 'two'", e.Message);
    }
}
