using Wharf.NodeRuntime.Hosting;

namespace Wharf.NodeRuntime.Tests.Hosting;

public class RouteTableTests
{
    private static readonly RouteTable<string> Table = new(
    [
        (new WorkerRoute("*", "/"), "catch-all"),
        (new WorkerRoute("*.example.com", "/"), "wild"),
        (new WorkerRoute("*.api.example.com", "/"), "deep-wild"),
        (new WorkerRoute("api.example.com", "/"), "api"),
        (new WorkerRoute("api.example.com", "/v2"), "api-v2"),
        (new WorkerRoute("api.example.com", "/v2/admin/"), "api-admin"),
    ]);

    [Theory]
    [InlineData("api.example.com", "/", "api")]
    [InlineData("API.example.com:8080", "/x", "api")]
    [InlineData("api.example.com", "/v2", "api-v2")]
    [InlineData("api.example.com", "/v2/users", "api-v2")]
    [InlineData("api.example.com", "/v2x", "api")]
    [InlineData("api.example.com", "/v2/admin/x", "api-admin")]
    [InlineData("www.example.com", "/v2", "wild")]
    [InlineData("a.api.example.com", "/", "deep-wild")]
    [InlineData("example.com", "/", "catch-all")]
    [InlineData("other.org", "/v2", "catch-all")]
    public void Match_PicksMostSpecificHostThenLongestPrefix(string host, string path, string expected) =>
        Assert.Equal(expected, Table.Match(host, path));

    [Fact]
    public void Match_NoRoute_ReturnsNull() =>
        Assert.Null(new RouteTable<string>([(new WorkerRoute("a.com", "/x"), "a")]).Match("a.com", "/y"));

    [Fact]
    public void Create_DuplicateRoute_Throws() =>
        Assert.Throws<ArgumentException>(() => new RouteTable<string>([(new WorkerRoute("a.com", "/"), "a"), (new WorkerRoute("A.com", "/"), "b")]));

    [Theory]
    [InlineData("a.*.com", "/")]
    [InlineData("", "/")]
    [InlineData("a.com", "x")]
    public void ValidateRoute_Invalid_Throws(string host, string prefix) =>
        Assert.Throws<ArgumentException>(() => RouteTable.ValidateRoute("w", new WorkerRoute(host, prefix)));
}
