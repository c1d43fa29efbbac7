using Wharf.Api.Egress;
using Wharf.Api.Workers;

namespace Wharf.Api.Tests.Egress;

public sealed class EgressPolicyTests
{
    private static EgressRule Rule(string host, int? port = null) => new() { Host = host, Port = port };

    [Theory]
    [InlineData("api.example.com", null, "api.example.com", 443, true)]
    [InlineData("api.example.com", 443, "api.example.com", 80, false)]
    [InlineData("*.example.com", null, "a.b.example.com", 443, true)]
    [InlineData("*.example.com", null, "example.com", 443, false)]
    [InlineData("*.example.com", null, "badexample.com", 443, false)]
    [InlineData("*", 443, "anything.org", 443, true)]
    [InlineData("api.example.com", null, "API.Example.com.", 443, true)]
    public void Allows_Destination_MatchesHostAndPort(string pattern, int? port, string host, int destinationPort, bool expected) =>
        Assert.Equal(expected, EgressPolicy.Allows(Rule(pattern, port), host, destinationPort));

    [Theory]
    [InlineData("*.example.com", null, "api.example.com", 443, true)]
    [InlineData("*.example.com", null, "*.api.example.com", null, true)]
    [InlineData("*.example.com", null, "*.example.com", 8080, true)]
    [InlineData("*.example.com", 443, "api.example.com", null, false)]
    [InlineData("*.example.com", null, "*", null, false)]
    [InlineData("api.example.com", null, "*.example.com", null, false)]
    [InlineData("*", null, "*", 22, true)]
    [InlineData("*.a.example.com", null, "*.example.com", null, false)]
    public void Covers_WorkerRuleInsideQuotaRule_IsDecidedByContainment(string outer, int? outerPort, string inner, int? innerPort, bool expected) =>
        Assert.Equal(expected, EgressPolicy.Covers(Rule(outer, outerPort), Rule(inner, innerPort)));

    [Fact]
    public void Uncovered_NoAllowedRules_ReturnsEveryRequestedRule()
    {
        var requested = new[] { Rule("a.example.com", 443) };

        Assert.Single(EgressPolicy.Uncovered(requested, null));
        Assert.Empty(EgressPolicy.Uncovered(requested, [Rule("*.example.com")]));
        Assert.Empty(EgressPolicy.Uncovered(null, null));
    }
}
