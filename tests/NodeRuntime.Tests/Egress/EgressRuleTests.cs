using System.Net;
using Wharf.NodeRuntime.Egress;

namespace Wharf.NodeRuntime.Tests.Egress;

public class EgressRuleTests
{
    [Theory]
    [InlineData("api.example.com", "api.example.com", 443, true)]
    [InlineData("api.example.com", "API.Example.com", 80, true)]
    [InlineData("api.example.com", "www.example.com", 443, false)]
    [InlineData("*.example.com", "a.example.com", 443, true)]
    [InlineData("*.example.com", "a.b.example.com", 443, true)]
    [InlineData("*.example.com", "example.com", 443, false)]
    [InlineData("*.example.com", "badexample.com", 443, false)]
    [InlineData("api.example.com:8443", "api.example.com", 8443, true)]
    [InlineData("api.example.com:8443", "api.example.com", 443, false)]
    [InlineData("*", "anything.net", 1234, true)]
    [InlineData("[::1]:8080", "::1", 8080, true)]
    [InlineData("10.0.0.5", "10.0.0.5", 80, true)]
    public void Parse_ThenAllows_MatchesHostAndPort(string rule, string host, int port, bool expected) =>
        Assert.Equal(expected, new EgressPolicy([EgressRule.Parse(rule)]).Allows(host, port));

    [Theory]
    [InlineData("a.*.com")]
    [InlineData("*example.com")]
    [InlineData("api.example.com:0")]
    [InlineData("api.example.com:x")]
    [InlineData("api.example.com:70000")]
    public void Parse_Malformed_Throws(string rule) => Assert.Throws<FormatException>(() => EgressRule.Parse(rule));

    [Fact]
    public void EmptyPolicy_DeniesEverything() => Assert.False(new EgressPolicy([]).Allows("example.com", 443));

    [Fact]
    public void MayConnect_InternalAddress_OnlyWhenNamedExactly()
    {
        var wildcard = new EgressPolicy([EgressRule.Parse("*"), EgressRule.Parse("*.internal.example")]);
        Assert.False(wildcard.MayConnect("db.internal.example", 5432, IPAddress.Parse("10.0.0.7")));
        Assert.True(wildcard.MayConnect("db.internal.example", 5432, IPAddress.Parse("93.184.216.34")));

        var exact = new EgressPolicy([EgressRule.Parse("db.internal.example:5432"), EgressRule.Parse("127.0.0.1")]);
        Assert.True(exact.MayConnect("db.internal.example", 5432, IPAddress.Parse("10.0.0.7")));
        Assert.False(exact.MayConnect("db.internal.example", 80, IPAddress.Parse("10.0.0.7")));
        Assert.True(exact.MayConnect("127.0.0.1", 9999, IPAddress.Loopback));
    }
}
