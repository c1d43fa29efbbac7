using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Wharf.Kube.Fake;
using Wharf.Kube.Informers;
using Wharf.Kube.Tests.Support;

namespace Wharf.Kube.Tests.Informers;

public sealed class InformerTests(FakeKubeServerFixture fixture) : IClassFixture<FakeKubeServerFixture>, IAsyncLifetime, IDisposable
{
    private readonly Kubernetes _client = FakeApi.Client(fixture.Server);
    private readonly string _ns = $"i-{Guid.NewGuid():N}"[..14];
    private readonly ConcurrentQueue<string> _log = new();
    private readonly CancellationTokenSource _stop = new();
    private Informer<V1ConfigMap> _informer = null!;
    private Task _run = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _informer = new Informer<V1ConfigMap>(ListWatches.ConfigMaps(_client, _ns), FakeApi.FastInformer);
        _informer.AddHandler(new InformerHandler<V1ConfigMap>
        {
            OnAdd = o => _log.Enqueue("add " + o.Metadata.Name),
            OnUpdate = (old, o) => _log.Enqueue($"update {o.Metadata.Name} {old.Data?["v"]}->{o.Data?["v"]}"),
            OnDelete = o => _log.Enqueue("delete " + o.Metadata.Name),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _client.Dispose();
    }

    private static V1ConfigMap Cm(string name, string v = "1") => FakeApi.ConfigMap(name, v);

    private async Task StartAsync()
    {
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private Task Expect(string entry) => FakeApi.EventuallyAsync(() => _log.Contains(entry), entry);

    [Fact]
    public async Task RunAsync_ExistingObjects_SyncedAsAddsAndCached()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), _ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("b"), _ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("elsewhere"), "other-" + _ns);
        Assert.False(_informer.HasSynced);

        await StartAsync();

        Assert.True(_informer.HasSynced);
        Assert.Equal(["add a", "add b"], _log.Order());
        Assert.Equal("1", _informer.Get("a", _ns)!.Data!["v"]);
        Assert.NotNull(_informer.GetByKey($"{_ns}/b"));
        Assert.Equal(2, _informer.List(_ns).Count);
        Assert.Empty(_informer.List("other-" + _ns));
    }

    [Fact]
    public async Task RunAsync_LiveChanges_CallHandlersAndUpdateCache()
    {
        await StartAsync();

        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("x"), _ns);
        await Expect("add x");
        created.Data!["v"] = "2";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "x", _ns);
        await Expect("update x 1->2");
        Assert.Equal("2", _informer.Get("x", _ns)!.Data!["v"]);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("x", _ns);
        await Expect("delete x");

        Assert.Null(_informer.Get("x", _ns));
        Assert.Equal(["add x", "update x 1->2", "delete x"], _log);
    }

    [Fact]
    public async Task RunAsync_RelistAfter410_ReportsVanishedObjectsAsDeletes()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("stays", "1"), _ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("changes", "1"), _ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("vanishes", "1"), _ns);
        await StartAsync();

        // Keep the watch away while objects change, then compact history so the resume gets 410 Gone.
        fixture.Server.Faults.FailNext(1000, 503, r => r.Verb == "watch" && r.Namespace == _ns);
        fixture.Server.DropWatches(abort: true);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("vanishes", _ns);
        var changes = await _client.CoreV1.ReadNamespacedConfigMapAsync("changes", _ns);
        changes.Data!["v"] = "2";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(changes, "changes", _ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("appears"), _ns);
        fixture.Server.Compact();
        fixture.Server.Faults.Clear();

        await Expect("delete vanishes");
        await Expect("update changes 1->2");
        await Expect("add appears");
        Assert.DoesNotContain("update stays 1->1", _log);
        Assert.Equal(["appears", "changes", "stays"], _informer.List(_ns).Select(o => o.Metadata.Name).Order());
    }

    [Fact]
    public async Task RunAsync_ListFailsAtFirst_RetriesUntilSynced()
    {
        var fault = fixture.Server.Faults.FailNext(2, 500, r => r.Verb == "list" && r.Namespace == _ns);

        await StartAsync();

        Assert.Equal(2, fault.Hits);
        Assert.True(_informer.HasSynced);
    }

    [Fact]
    public void Apply_ThrowingHandler_DoesNotStopOtherHandlers()
    {
        var seen = new List<string>();
        var informer = new Informer<V1ConfigMap>(ListWatches.ConfigMaps(_client, _ns));
        informer.AddHandler(new InformerHandler<V1ConfigMap> { OnAdd = _ => throw new InvalidOperationException("bad handler") });
        informer.AddHandler(new InformerHandler<V1ConfigMap> { OnAdd = o => seen.Add(o.Metadata.Name!) });
        var q = Cm("q");
        q.Metadata.ResourceVersion = "5";

        informer.Apply(WatchEventType.Added, q);

        Assert.Equal(["q"], seen);
        Assert.Equal("5", informer.LastSyncResourceVersion);
    }

    [Fact]
    public async Task AddHandler_AfterSync_ReplaysCachedObjectsAsAdds()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("a"), _ns);
        await StartAsync();
        var late = new ConcurrentQueue<string>();

        _informer.AddHandler(new InformerHandler<V1ConfigMap> { OnAdd = o => late.Enqueue("add " + o.Metadata.Name) });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("b"), _ns);
        await Expect("add b");

        await FakeApi.EventuallyAsync(() => late.Count == 2, "late handler sees b");
        Assert.Equal(["add a", "add b"], late);
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        await StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _informer.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_LabelSelector_CachesOnlyMatches()
    {
        var informer = new Informer<V1ConfigMap>(ListWatches.ConfigMaps(_client, _ns), FakeApi.FastInformer with { LabelSelector = "app=web" });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(FakeApi.ConfigMap("web", labels: new Dictionary<string, string> { ["app"] = "web" }), _ns);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(Cm("other"), _ns);
        using var stop = new CancellationTokenSource();

        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await run;

        Assert.Equal("web", Assert.Single(informer.List()).Metadata.Name);
    }
}
