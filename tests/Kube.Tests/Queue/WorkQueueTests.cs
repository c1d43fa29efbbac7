using Wharf.Kube.Queue;

namespace Wharf.Kube.Tests.Queue;

public sealed class WorkQueueTests
{
    private static async Task<string> GetAsync(WorkQueue<string> queue)
    {
        var (item, shutdown) = await queue.GetAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(shutdown);
        return item;
    }

    [Fact]
    public async Task Add_SameItemTwice_QueuedOnce()
    {
        using var queue = new WorkQueue<string>();

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await GetAsync(queue));
        Assert.Equal("b", await GetAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_RequeuedOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var item = await GetAsync(queue);

        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count); // never handed to a second worker while in flight

        queue.Done(item);
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await GetAsync(queue));
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsync_EmptyQueue_WaitsForAdd()
    {
        using var queue = new WorkQueue<string>();
        var pending = queue.GetAsync().AsTask();
        await Task.Delay(30);
        Assert.False(pending.IsCompleted);

        queue.Add("x");

        Assert.Equal(("x", false), await pending.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ShutDown_DrainsThenReportsShutdown()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var waiting = new WorkQueue<string>();
        var blocked = waiting.GetAsync().AsTask();

        queue.ShutDown();
        waiting.ShutDown();
        queue.Add("ignored");

        Assert.Equal("a", await GetAsync(queue));
        Assert.True((await queue.GetAsync()).Shutdown);
        Assert.True((await blocked.WaitAsync(TimeSpan.FromSeconds(5))).Shutdown);
        Assert.True(queue.IsShuttingDown);
        waiting.Dispose();
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndLaterAddsAreIgnored()
    {
        var queue = new WorkQueue<string>();
        queue.AddAfter("later", TimeSpan.FromMilliseconds(10));

        queue.Dispose();
        queue.Dispose();
        queue.Add("x");
        queue.AddAfter("y", TimeSpan.FromMilliseconds(1));
        queue.ShutDown();

        Assert.Equal(0, queue.Count);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task GetAsync_Cancelled_Throws()
    {
        using var queue = new WorkQueue<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(cts.Token).AsTask());
    }

    [Fact]
    public async Task AddAfter_DelaysItemAndEarliestDeadlineWins()
    {
        using var queue = new WorkQueue<string>();

        queue.AddAfter("slow", TimeSpan.FromSeconds(30));
        queue.AddAfter("slow", TimeSpan.FromMilliseconds(100)); // earlier deadline replaces the later one
        queue.AddAfter("fast", TimeSpan.FromMilliseconds(100));
        queue.AddAfter("fast", TimeSpan.FromSeconds(30)); // later deadline is ignored
        Assert.Equal(0, queue.Count);

        var started = DateTime.UtcNow;
        var first = await GetAsync(queue);
        var second = await GetAsync(queue);

        Assert.Equal(["fast", "slow"], new[] { first, second }.Order());
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(80));
        await Task.Delay(200);
        Assert.Equal(0, queue.Count); // the superseded timers do not add duplicates
    }

    [Fact]
    public void AddAfter_NonPositiveDelay_AddsImmediately()
    {
        using var queue = new WorkQueue<string>();

        queue.AddAfter("now", TimeSpan.Zero);

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_BacksOffPerItemUntilForgotten()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(10));
        using var queue = new WorkQueue<string>(limiter);

        queue.AddRateLimited("k");
        queue.AddRateLimited("k");
        Assert.Equal(2, queue.NumRequeues("k"));
        Assert.Equal("k", await GetAsync(queue));

        queue.Forget("k");
        Assert.Equal(0, queue.NumRequeues("k"));
    }

    [Fact]
    public void ExponentialFailureRateLimiter_DoublesPerFailureAndCaps()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(100));

        var delays = Enumerable.Range(0, 7).Select(_ => limiter.When("a").TotalMilliseconds).ToArray();

        Assert.Equal([5, 10, 20, 40, 80, 100, 100], delays);
        Assert.Equal(5, limiter.When("b").TotalMilliseconds); // per item
        limiter.Forget("a");
        Assert.Equal(5, limiter.When("a").TotalMilliseconds);
    }

    [Fact]
    public void TokenBucketRateLimiter_BurstThenSpacedByQps()
    {
        var clock = new Support.ManualClock(DateTimeOffset.UnixEpoch);
        var limiter = new TokenBucketRateLimiter<string>(qps: 10, burst: 2, clock);

        Assert.Equal(TimeSpan.Zero, limiter.When("a"));
        Assert.Equal(TimeSpan.Zero, limiter.When("b"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.When("c"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.When("d"));

        clock.Advance(TimeSpan.FromSeconds(1)); // refills, but never above the burst

        Assert.Equal(TimeSpan.Zero, limiter.When("e"));
    }

    [Fact]
    public void MaxOfRateLimiter_ReturnsLongestDelay()
    {
        var clock = new Support.ManualClock(DateTimeOffset.UnixEpoch);
        var limiter = new MaxOfRateLimiter<string>(
            new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1)),
            new TokenBucketRateLimiter<string>(1, 1, clock));

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.When("a"));
        Assert.Equal(2, limiter.NumRequeues("a"));
    }
}
