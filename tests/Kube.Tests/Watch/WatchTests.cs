using System.Net;
using Wharf.Kube.Config;
using Wharf.Kube.Fake;
using Wharf.Kube.Models;
using Wharf.Kube.Resources;
using Wharf.Kube.Tests.Support;
using Wharf.Kube.Watch;

namespace Wharf.Kube.Tests.Watch;

public sealed class FastBookmarkFixture : FakeKubeServerFixture
{
    protected override FakeKubeServerOptions CreateOptions() => new() { BookmarkInterval = TimeSpan.FromMilliseconds(100) };
}

public sealed class WatchTests(FastBookmarkFixture fixture) : IClassFixture<FastBookmarkFixture>, IDisposable
{
    private readonly KubernetesClient _client = FakeApi.Client(fixture.Server);
    private readonly string _ns = $"w-{Guid.NewGuid():N}"[..14];

    public void Dispose() => _client.Dispose();

    private static ConfigMap Cm(string name) => new() { Metadata = new ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["v"] = "1" } };

    private async Task<WatchCollector<ConfigMap>> StartAsync(string? resourceVersion = null, ListOptions? options = null)
    {
        var rv = resourceVersion ?? (await _client.ConfigMaps.ListAsync(_ns)).Metadata.ResourceVersion;
        return new WatchCollector<ConfigMap>(ct => _client.ConfigMaps.WatchAsync(_ns, options, rv, ct));
    }

    /// <summary>Records the query of every watch request of this test's namespace as it arrives (the request log only has finished ones).</summary>
    private System.Collections.Concurrent.ConcurrentQueue<string> ObserveWatches()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        fixture.Server.Faults.FailNext(1, 500, r =>
        {
            if (r.Verb == "watch" && r.Namespace == _ns)
            {
                seen.Enqueue(r.Query);
            }

            return false;
        });
        return seen;
    }

    [Fact]
    public async Task WatchAsync_Changes_YieldsAddedModifiedDeletedInOrder()
    {
        await using var watch = await StartAsync();

        var created = await _client.ConfigMaps.CreateAsync(Cm("a"), _ns);
        created.Data!["v"] = "2";
        await _client.ConfigMaps.ReplaceAsync(created);
        await _client.ConfigMaps.DeleteAsync("a", _ns);

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("a", added.Object!.Metadata.Name);
        Assert.Equal("ConfigMap", added.Object.Kind);
        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Equal("2", modified.Object!.Data!["v"]);
        Assert.Equal(WatchEventType.Deleted, deleted.Type);
        Assert.Equal(modified.Object.Metadata.ResourceVersion, modified.ResourceVersion);
    }

    [Fact]
    public async Task WatchAsync_NoResourceVersion_StartsWithSyntheticAdds()
    {
        await _client.ConfigMaps.CreateAsync(Cm("pre"), _ns);
        await using var watch = new WatchCollector<ConfigMap>(ct => _client.ConfigMaps.WatchAsync(_ns, cancellationToken: ct));

        var ev = await watch.NextAsync();

        Assert.Equal(WatchEventType.Added, ev.Type);
        Assert.Equal("pre", ev.Object!.Metadata.Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WatchAsync_ConnectionDropped_ResumesFromLastVersionWithoutLossOrDuplicates(bool abort)
    {
        var watches = ObserveWatches();
        await using var watch = await StartAsync();
        await _client.ConfigMaps.CreateAsync(Cm("one"), _ns);
        Assert.Equal("one", (await watch.NextAsync()).Object!.Metadata.Name);

        fixture.Server.DropWatches(abort);
        await _client.ConfigMaps.CreateAsync(Cm("two"), _ns);
        await _client.ConfigMaps.CreateAsync(Cm("three"), _ns);

        Assert.Equal("two", (await watch.NextAsync()).Object!.Metadata.Name);
        Assert.Equal("three", (await watch.NextAsync()).Object!.Metadata.Name);
        Assert.True(watches.Count >= 2);
    }

    [Fact]
    public async Task WatchAsync_LongerThanRequestTimeout_StreamStaysOpen()
    {
        var watches = ObserveWatches();
        using var client = new KubernetesClient(new KubernetesClientOptions
        {
            Server = fixture.Server.BaseAddress,
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });
        var rv = (await client.ConfigMaps.ListAsync(_ns)).Metadata.ResourceVersion;
        await using var watch = new WatchCollector<ConfigMap>(ct => client.ConfigMaps.WatchAsync(_ns, resourceVersion: rv, cancellationToken: ct));

        await Task.Delay(900);
        await _client.ConfigMaps.CreateAsync(Cm("late"), _ns);

        Assert.Equal("late", (await watch.NextAsync()).Object!.Metadata.Name);
        Assert.Single(watches);
    }

    [Fact]
    public async Task WatchAsync_Bookmarks_AdvanceResumeVersion()
    {
        var watches = ObserveWatches();
        await using var watch = await StartAsync();
        await _client.ConfigMaps.CreateAsync(Cm("x"), _ns);
        await watch.NextAsync();

        // Changes elsewhere move the global resourceVersion on; bookmarks carry it to this watch.
        await _client.ConfigMaps.CreateAsync(Cm("elsewhere"), "other-" + _ns);
        var target = fixture.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        WatchEvent<ConfigMap> bookmark;
        do
        {
            bookmark = await watch.NextAsync(includeBookmarks: true);
        }
        while (bookmark.Type != WatchEventType.Bookmark || bookmark.ResourceVersion != target);

        fixture.Server.DropWatches();
        await FakeApi.EventuallyAsync(() => watches.Count >= 2, "watch reconnect");

        var resume = watches.Last();
        Assert.Contains("resourceVersion=" + target, resume, StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", resume, StringComparison.Ordinal);
        Assert.Null(bookmark.Object);
    }

    [Fact]
    public async Task WatchAsync_VersionCompactedWhileDisconnected_RelistsWithCurrentState()
    {
        await _client.ConfigMaps.CreateAsync(Cm("keep"), _ns);
        await _client.ConfigMaps.CreateAsync(Cm("gone"), _ns);
        await using var watch = await StartAsync();

        fixture.Server.Faults.FailNext(1000, 503, r => r.Verb == "watch" && r.Namespace == _ns);
        fixture.Server.DropWatches(abort: true);
        await _client.ConfigMaps.DeleteAsync("gone", _ns);
        await _client.ConfigMaps.CreateAsync(Cm("new"), _ns);
        fixture.Server.Compact();
        fixture.Server.Faults.Clear();

        var relist = await watch.NextAsync();
        Assert.Equal(WatchEventType.Relist, relist.Type);
        Assert.Equal(["keep", "new"], relist.Items!.Select(i => i.Metadata.Name).Order());

        // The watch continues from the relist's version.
        await _client.ConfigMaps.CreateAsync(Cm("after"), _ns);
        var next = await watch.NextAsync();
        Assert.Equal(WatchEventType.Added, next.Type);
        Assert.Equal("after", next.Object!.Metadata.Name);
    }

    [Fact]
    public async Task WatchAsync_ErrorEvent410_Relists()
    {
        await using var watch = await StartAsync();
        await _client.ConfigMaps.CreateAsync(Cm("a"), _ns);
        await watch.NextAsync();

        fixture.Server.Faults.FailNext(1, 410, r => r.Verb == "watch" && r.Namespace == _ns);
        fixture.Server.DropWatches();

        var relist = await watch.NextAsync();
        Assert.Equal(WatchEventType.Relist, relist.Type);
        Assert.Equal("a", Assert.Single(relist.Items!).Metadata.Name);
    }

    [Fact]
    public async Task WatchAsync_RelistFails_RetriesRelistBeforeWatchingAgain()
    {
        var watches = ObserveWatches();
        await using var watch = await StartAsync();
        await _client.ConfigMaps.CreateAsync(Cm("a"), _ns);
        await watch.NextAsync();

        var lists = fixture.Server.Faults.FailNext(2, 500, r => r.Verb == "list" && r.Namespace == _ns);
        fixture.Server.Faults.FailNext(1, 410, r => r.Verb == "watch" && r.Namespace == _ns);
        fixture.Server.DropWatches();

        var relist = await watch.NextAsync();
        Assert.Equal(WatchEventType.Relist, relist.Type);
        Assert.Equal(2, lists.Hits);
        Assert.All(watches, q => Assert.Contains("resourceVersion=", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchAsync_TransientServerErrors_RetriesWithBackoff()
    {
        await using var watch = await StartAsync(resourceVersion: null);
        await _client.ConfigMaps.CreateAsync(Cm("first"), _ns);
        await watch.NextAsync();

        var fault = fixture.Server.Faults.FailNext(3, 503, r => r.Verb == "watch" && r.Namespace == _ns);
        fixture.Server.DropWatches(abort: true);
        await _client.ConfigMaps.CreateAsync(Cm("second"), _ns);

        Assert.Equal("second", (await watch.NextAsync()).Object!.Metadata.Name);
        Assert.Equal(3, fault.Hits);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_StopsWithOperationCanceled()
    {
        var watch = await StartAsync();
        await _client.ConfigMaps.CreateAsync(Cm("a"), _ns);
        await watch.NextAsync();

        watch.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WatchAsync_InvalidSelector_ThrowsBadRequest()
    {
        await using var watch = await StartAsync(options: new ListOptions { LabelSelector = "a in (" });

        var ex = await Assert.ThrowsAsync<KubernetesApiException>(() => watch.NextAsync());

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public async Task WatchAsync_LabelSelector_OnlyMatchingObjects()
    {
        await using var watch = await StartAsync(options: new ListOptions { LabelSelector = "app=web" });

        await _client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "db", Labels = new Dictionary<string, string> { ["app"] = "db" } } }, _ns);
        await _client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["app"] = "web" } } }, _ns);

        Assert.Equal("web", (await watch.NextAsync()).Object!.Metadata.Name);
    }
}
