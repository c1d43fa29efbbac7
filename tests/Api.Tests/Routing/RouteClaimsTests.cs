using Wharf.Api.Routing;

namespace Wharf.Api.Tests.Routing;

public class RouteClaimsTests
{
    private static readonly DateTimeOffset Day1 = DateTimeOffset.UnixEpoch.AddDays(1);
    private static readonly DateTimeOffset Day2 = DateTimeOffset.UnixEpoch.AddDays(2);

    private static RouteClaimant Claimant(string ns, string name, DateTimeOffset? created, params string[] routes) =>
        new(ns, name, created, [.. routes.Select(r => RouteKey.Of(r[..r.IndexOf('/', StringComparison.Ordinal)], r[r.IndexOf('/', StringComparison.Ordinal)..]))]);

    [Fact]
    public void Resolve_SameRouteTwoTenants_OlderWinsWhateverTheOrder()
    {
        var older = Claimant("zeta", "w", Day1, "a.example.com/api");
        var newer = Claimant("alpha", "w", Day2, "a.example.com/api", "a.example.com/own");

        foreach (var order in new[] { new[] { older, newer }, [newer, older] })
        {
            var losses = RouteClaims.Resolve(order);
            var loss = Assert.Single(Assert.Single(losses).Value);
            Assert.Equal("alpha/w", losses.Keys.Single());
            Assert.Equal(("zeta", "w", "a.example.com/api"), (loss.WinnerNamespace, loss.WinnerName, loss.Route.ToString()));
        }
    }

    [Fact]
    public void Resolve_SameCreationTime_NamespaceThenNameDecides()
    {
        var losses = RouteClaims.Resolve([Claimant("b", "a", Day1, "x.com/"), Claimant("a", "z", Day1, "x.com/"), Claimant("a", "y", Day1, "x.com/")]);
        Assert.Equal(["a/z", "b/a"], losses.Keys.Order(StringComparer.Ordinal));
        Assert.All(losses.Values, l => Assert.Equal("a/y", l[0].WinnerNamespace + "/" + l[0].WinnerName));
    }

    [Fact]
    public void Resolve_DifferentPrefixesOrWildcardBesideExact_NoConflict()
    {
        var losses = RouteClaims.Resolve([Claimant("a", "w", Day1, "x.com/api"), Claimant("b", "w", Day2, "x.com/api/v2", "*.x.com/api", "X.COM/apiv")]);
        Assert.Empty(losses);
    }

    [Fact]
    public void RouteKey_Of_LowerCasesHostAndDefaultsPrefix()
    {
        Assert.Equal(new RouteKey("a.example.com", "/"), RouteKey.Of("A.Example.com", null));
        Assert.Equal(RouteKey.Of("a.example.com", "/"), RouteKey.Of("a.example.com", ""));
    }

    [Fact]
    public void LossesOf_CandidateNotServedYet_ReportsWhatItWouldLose()
    {
        var served = new[] { Claimant("a", "old", Day1, "x.com/") };
        Assert.Single(RouteClaims.LossesOf(Claimant("b", "new", Day2, "x.com/"), served));
        Assert.Empty(RouteClaims.LossesOf(Claimant("b", "older", DateTimeOffset.UnixEpoch, "x.com/"), served));
    }

    [Fact]
    public void Acceptance_Losses_FalseWithWinnerNamed()
    {
        Assert.True(RouteClaims.Acceptance([]).Accepted);
        var result = RouteClaims.Acceptance([new RouteLoss(RouteKey.Of("x.com", "/"), "a", "old")]);
        Assert.False(result.Accepted);
        Assert.Equal(RouteClaims.ConflictReason, result.Reason);
        Assert.StartsWith("x.com/ is served by worker a/old", result.Message, StringComparison.Ordinal);
    }
}
