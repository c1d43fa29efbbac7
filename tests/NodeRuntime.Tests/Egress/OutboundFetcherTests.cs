using System.Text;
using Wharf.NodeRuntime.Abi;
using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Egress;

public class OutboundFetcherTests
{
    private static OutboundFetcher Fetcher(params string[] rules) =>
        new(new EgressPolicy(rules.Select(EgressRule.Parse)), new FetchLimits(TimeSpan.FromSeconds(5), 1 << 20));

    private static FetchRequest Get(Uri url) => new("GET", url, [new("x-from", "worker")], []);

    [Fact]
    public async Task Fetch_ExplicitlyAllowedLoopback_Succeeds()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher($"127.0.0.1:{upstream.Port}");
        var response = await fetcher.FetchAsync(Get(new Uri(upstream.Address, "/hello")), CancellationToken.None);
        Assert.Equal(200, response.Status);
        Assert.Equal("hi worker", Encoding.UTF8.GetString(response.Body));
        Assert.Contains(new KeyValuePair<string, string>("x-upstream", "yes"), response.Headers);
    }

    [Fact]
    public async Task Fetch_PostBody_IsSent()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher("127.0.0.1");
        var response = await fetcher.FetchAsync(new FetchRequest("POST", new Uri(upstream.Address, "/echo"), [new("content-type", "text/plain")], "payload"u8.ToArray()), CancellationToken.None);
        Assert.Equal("payload", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Fetch_LoopbackViaWildcard_IsDenied()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher("*");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(upstream.Address, "/hello")), CancellationToken.None));
        Assert.Equal(AbiErrors.Denied, error.AbiError);
    }

    [Fact]
    public async Task Fetch_LocalhostNameResolvingToLoopback_IsDeniedUnlessNamed()
    {
        await using var upstream = await Upstream.StartAsync();
        using var wildcard = Fetcher("*");
        var url = new Uri($"http://localhost:{upstream.Port}/hello");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => wildcard.FetchAsync(Get(url), CancellationToken.None));
        Assert.Equal(AbiErrors.Denied, error.AbiError);

        using var named = Fetcher("localhost");
        Assert.Equal(200, (await named.FetchAsync(Get(url), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Fetch_RedirectToDeniedHost_ErrorNamesTheHop()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher($"127.0.0.1:{upstream.Port}");

        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(upstream.Address, "/redirect-away")), CancellationToken.None));

        Assert.Equal(AbiErrors.Denied, error.AbiError);
        Assert.StartsWith($"redirect to http://localhost:{upstream.Port}/hello was denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectToInternalAddressUnderWildcard_ErrorNamesTheHop()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = new OutboundFetcher(
            new EgressPolicy([EgressRule.Parse($"127.0.0.1:{upstream.Port}"), EgressRule.Parse("*")]),
            new FetchLimits(TimeSpan.FromSeconds(5), 1 << 20));

        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(upstream.Address, "/redirect-v6")), CancellationToken.None));

        Assert.Equal(AbiErrors.Denied, error.AbiError);
        Assert.StartsWith($"redirect to http://[::1]:{upstream.Port}/hello was denied:", error.Message, StringComparison.Ordinal);
        Assert.Contains("internal address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MayConnect_ThisHostsOwnAddressUnderWildcard_IsDenied()
    {
        var own = System.Net.IPAddress.Parse("203.0.113.7"); // A public address, as on a node's NIC.
        var policy = new EgressPolicy([EgressRule.Parse("*")], new InternalNetworks([], () => [own]));

        Assert.False(policy.MayConnect("node-1.example.com", 443, own));
        Assert.True(policy.MayConnect("example.com", 443, System.Net.IPAddress.Parse("203.0.113.8")));
        Assert.True(new EgressPolicy([EgressRule.Parse("node-1.example.com")], new InternalNetworks([], () => [own])).MayConnect("node-1.example.com", 443, own));
    }

    [Fact]
    public void MayConnect_ClusterCidrUnderWildcard_IsDeniedUnlessNamed()
    {
        var networks = new InternalNetworks(["203.0.113.0/24", "2001:db8:42::/48"], () => []);
        var policy = new EgressPolicy([EgressRule.Parse("*")], networks);

        Assert.False(policy.MayConnect("svc.example.com", 80, System.Net.IPAddress.Parse("203.0.113.99")));
        Assert.False(policy.MayConnect("svc.example.com", 80, System.Net.IPAddress.Parse("2001:db8:42::1")));
        Assert.False(policy.MayConnect("svc.example.com", 80, System.Net.IPAddress.Parse("::ffff:203.0.113.99")));
        Assert.True(policy.MayConnect("svc.example.com", 80, System.Net.IPAddress.Parse("203.0.114.1")));
    }

    [Fact]
    public async Task Fetch_HostNotInAllowList_IsDenied()
    {
        using var fetcher = Fetcher("api.example.com");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri("http://other.example.com/")), CancellationToken.None));
        Assert.Equal(AbiErrors.Denied, error.AbiError);
    }

    [Fact]
    public async Task Fetch_WrongPort_IsDenied()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher($"127.0.0.1:{upstream.Port + 1}");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(upstream.Address, "/hello")), CancellationToken.None));
        Assert.Equal(AbiErrors.Denied, error.AbiError);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://[::1]/")]
    public async Task Fetch_InternalLiteralUnderWildcard_IsDenied(string url)
    {
        using var fetcher = Fetcher("*");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(url)), CancellationToken.None));
        Assert.Equal(AbiErrors.Denied, error.AbiError);
    }

    [Fact]
    public async Task Fetch_RedirectWithinAllowList_IsFollowed()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher("127.0.0.1");
        var response = await fetcher.FetchAsync(Get(new Uri(upstream.Address, "/redirect-same")), CancellationToken.None);
        Assert.Equal(200, response.Status);
        Assert.Equal("hi worker", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Fetch_RedirectOutsideAllowList_IsDenied()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher("127.0.0.1");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(upstream.Address, "/redirect-away")), CancellationToken.None));
        Assert.Equal(AbiErrors.Denied, error.AbiError);
    }

    [Fact]
    public async Task Fetch_ResponseOverCap_IsLimit()
    {
        await using var upstream = await Upstream.StartAsync();
        using var fetcher = Fetcher("127.0.0.1");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri(upstream.Address, "/big")), CancellationToken.None));
        Assert.Equal(AbiErrors.Limit, error.AbiError);
    }

    [Fact]
    public async Task Fetch_ConnectionRefused_IsUnavailable()
    {
        await using var upstream = await Upstream.StartAsync();
        var port = upstream.Port;
        await upstream.DisposeAsync();
        using var fetcher = Fetcher("127.0.0.1");
        var error = await Assert.ThrowsAsync<FetchFailedException>(() => fetcher.FetchAsync(Get(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None));
        Assert.Equal(AbiErrors.Unavailable, error.AbiError);
    }
}
