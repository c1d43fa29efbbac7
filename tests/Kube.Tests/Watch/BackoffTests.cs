using Wharf.Kube.Watch;

namespace Wharf.Kube.Tests.Watch;

public sealed class BackoffTests
{
    [Fact]
    public void Next_GrowsExponentiallyWithinJitterAndCaps()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds).ToArray();

        double[] ceilings = [100, 200, 400, 800, 1000, 1000, 1000, 1000];
        for (var i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i], ceilings[i] / 2, ceilings[i]);
        }
    }

    [Fact]
    public void Reset_StartsOverFromInitial()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }
}
