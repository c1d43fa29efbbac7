using Wharf.Kube.Http;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Http;

public sealed class TokenSourceTests
{
    [Fact]
    public void GetToken_FileRotates_RereadAfterRefreshInterval()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("token", "one");
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var tokens = new TokenSource(null, file, TimeSpan.FromMinutes(1), clock);

        Assert.Equal("one", tokens.GetToken());
        File.WriteAllText(file, "two");
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("one", tokens.GetToken()); // cached within the interval
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("two", tokens.GetToken());
    }

    [Fact]
    public void GetToken_FileVanishesAfterFirstRead_KeepsLastToken()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("token", "one");
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var tokens = new TokenSource(null, file, TimeSpan.FromSeconds(1), clock);
        Assert.Equal("one", tokens.GetToken());

        File.Delete(file);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("one", tokens.GetToken());
    }

    [Fact]
    public void GetToken_Static_ReturnsIt()
    {
        Assert.Equal("s", new TokenSource("s", null, TimeSpan.FromSeconds(1)).GetToken());
        Assert.False(new TokenSource(null, null, TimeSpan.FromSeconds(1)).HasToken);
    }
}
