using System.Net;
using System.Net.NetworkInformation;
using Wharf.NodeRuntime.Egress;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Egress;

public sealed class InternalNetworksTests
{
    [Fact]
    public void Contains_EveryInterfaceAddressOfThisHost_IsInternal()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address).ToList();
        Assert.NotEmpty(own);

        Assert.All(own, a => Assert.True(InternalNetworks.HostOnly.Contains(a), $"{a} is this host's address"));
    }

    [Theory]
    [InlineData("10.96.0.0/12", "10.96.0.10", true)]
    [InlineData("10.96.0.0/12", "10.112.0.1", false)]
    [InlineData("198.51.100.7", "198.51.100.7", true)]
    [InlineData("198.51.100.7", "198.51.100.8", false)]
    [InlineData("fd00:10:96::/112", "fd00:10:96::a", true)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    public void Contains_ClusterCidr_MatchesItsAddresses(string cidr, string address, bool expected)
    {
        Assert.Equal(expected, new InternalNetworks([cidr], () => []).Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/33", "prefix length must be 0..32")]
    [InlineData("fd00::/129", "prefix length must be 0..128")]
    [InlineData("cluster.local/16", "is not an IP address")]
    [InlineData("10.0.0.0/x", "prefix length")]
    public void Parse_Malformed_NamesTheProblem(string cidr, string expected)
    {
        var error = Assert.Throws<FormatException>(() => InternalNetworks.Parse(cidr));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_HostAddressesChange_AreReReadAfterTheRefreshInterval()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var current = IPAddress.Parse("203.0.113.1");
        var networks = new InternalNetworks([], () => [current], time);
        Assert.True(networks.Contains(IPAddress.Parse("203.0.113.1")));

        current = IPAddress.Parse("203.0.113.2");
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(networks.Contains(IPAddress.Parse("203.0.113.2")));
        Assert.False(networks.Contains(IPAddress.Parse("203.0.113.1")));
    }

    [Fact]
    public void WorkerHostOptions_MalformedCidrs_AllReportedAtOnce()
    {
        var options = new Wharf.NodeRuntime.Hosting.WorkerHostOptions { InternalCidrs = ["10.0.0.0/99", "nope"] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("10.0.0.0/99", error.Message, StringComparison.Ordinal);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }
}
