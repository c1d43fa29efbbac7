using System.Net;
using Wharf.Ingress.Tests.Support;

namespace Wharf.Ingress.Tests.Proxy;

public sealed class FailoverTests : IAsyncLifetime
{
    private readonly List<Backend> _backends = [];
    private TestIngress _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await TestIngress.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            _backends.Add(await Backend.StartAsync("pod" + i));
        }
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    private static string Served(string body) => body[..body.IndexOf('|', StringComparison.Ordinal)];

    [Fact]
    public async Task Request_SameWorker_LandsOnSamePod()
    {
        _ingress.Publish(Snapshots.Of(
            [Snapshots.Worker("t1", "w1", "one.example.com/"), Snapshots.Worker("t1", "w2", "two.example.com/")],
            new Dictionary<string, Backend[]> { ["t1"] = [.. _backends] }));

        var pods = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            pods.Add(Served((await _ingress.GetTextAsync("one.example.com", "/" + i)).Body));
        }

        Assert.Single(pods);
    }

    [Fact]
    public async Task Request_PodKilledDuringLoad_IdempotentRequestsMoveWithoutErrors()
    {
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], new Dictionary<string, Backend[]> { ["t1"] = [.. _backends] }));
        var first = Served((await _ingress.GetTextAsync("app.example.com", "/")).Body);
        var victim = _backends.Single(b => b.Name == first);

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var served = new HashSet<string>();
        async Task ClientLoop()
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await _ingress.GetTextAsync("app.example.com", "/loop");
                lock (failures)
                {
                    if (status == HttpStatusCode.OK)
                    {
                        served.Add(Served(body));
                    }
                    else
                    {
                        failures.Add($"{(int)status}: {body}");
                    }
                }
            }
        }

        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(ClientLoop)).ToList();
        await WaitForAsync(() => victim.Requests >= 20);
        await victim.KillAsync();
        var after = _backends.Sum(b => b.Requests);
        await WaitForAsync(() => _backends.Sum(b => b.Requests) >= after + 50);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.Contains(served, name => name != first);
        var metrics = await _ingress.MetricsAsync();
        // Left out either by passive ejection (refused connection) or by its failed /readyz, whichever came first.
        Assert.True(metrics.Contains("wharf_ingress_ejected_destinations{tenant=\"t1\"} 1", StringComparison.Ordinal), metrics);
    }

    [Fact]
    public async Task Request_PostToRefusedPod_RetriedOnAnotherPodWithItsBody()
    {
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], new Dictionary<string, Backend[]> { ["t1"] = [.. _backends] }));
        var first = Served((await _ingress.GetTextAsync("app.example.com", "/")).Body);
        await _backends.Single(b => b.Name == first).KillAsync();

        using var post = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new ByteArrayContent(new byte[5000]) };
        post.Headers.Host = "app.example.com";
        using var response = await _ingress.Client.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(first, Served(body));
        Assert.Contains("|/orders|POST|5000", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_PodFailsReadiness_NoLongerChosen()
    {
        _ingress.Publish(Snapshots.Of([Snapshots.Worker("t1", "w", "app.example.com/")], new Dictionary<string, Backend[]> { ["t1"] = [.. _backends] }));
        var first = Served((await _ingress.GetTextAsync("app.example.com", "/")).Body);
        _backends.Single(b => b.Name == first).Readiness = HttpStatusCode.ServiceUnavailable;

        // Two failed probes (500 ms apart) mark it unhealthy; then its worker moves.
        await WaitForAsync(async () => Served((await _ingress.GetTextAsync("app.example.com", "/")).Body) != first);
        Assert.Contains("wharf_ingress_ejected_destinations{tenant=\"t1\"} 1", await _ingress.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Every50msUnderLoad_NoFailedRequest()
    {
        var target = Snapshots.Worker("t1", "w", "app.example.com/");
        var endpoints = new Dictionary<string, Backend[]> { ["t1"] = [.. _backends], ["t2"] = [_backends[0]] };
        _ingress.Publish(Snapshots.Of([target], endpoints));

        using var stop = new CancellationTokenSource();
        var ok = 0;
        var failures = new List<string>();
        async Task ClientLoop()
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await _ingress.GetTextAsync("app.example.com", "/reload?delayMs=5");
                if (status == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)status}: {body}");
                    }
                }
            }
        }

        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(ClientLoop)).ToList();
        for (var i = 0; i < 60; i++)
        {
            // Other workers come and go, and the target's own limits change: every publish is a new route table.
            var others = Enumerable.Range(0, i % 5).Select(n => Snapshots.Worker("t2", "other" + n, $"other{n}.example.com/")).ToList();
            var changed = target with { Timeout = TimeSpan.FromSeconds(5 + (i % 3)) };
            _ingress.Publish(Snapshots.Of([changed, .. others], endpoints));
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);
        Assert.Empty(failures);
        Assert.True(ok > 0);
    }

    private static async Task WaitForAsync(Func<bool> condition) => await WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(20);
        }
    }
}
