using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class WatchTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    [Fact]
    public async Task Watch_FromResourceVersion_StreamsAddedModifiedDeleted()
    {
        using var api = Api();
        var ns = NewNamespace();
        var (_, list) = await api.GetAsync(TestApi.ConfigMapsIn(ns));
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn(ns)}?watch=true&resourceVersion={TestApi.Rv(list)}");

        var created = await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c"));
        await api.MergePatchAsync(TestApi.ConfigMapsIn(ns) + "/c", JsonNode.Parse("""{"data":{"k":"2"}}""")!);
        await api.DeleteAsync(TestApi.ConfigMapsIn(ns) + "/c");

        var added = await watch.NextChangeAsync();
        var modified = await watch.NextChangeAsync();
        var deleted = await watch.NextChangeAsync();
        Assert.Equal(("ADDED", TestApi.Rv(created)), (added.Type, TestApi.Rv(added.Object)));
        Assert.Equal("MODIFIED", modified.Type);
        Assert.Equal("2", (string?)modified.Object["data"]!["k"]);
        Assert.Equal("DELETED", deleted.Type);
    }

    [Fact]
    public async Task Watch_FromOldResourceVersion_ReplaysHistory()
    {
        using var api = Api();
        var ns = NewNamespace();
        var first = await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("a"));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("b"));

        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn(ns)}?watch=true&resourceVersion={TestApi.Rv(first)}");

        var e = await watch.NextChangeAsync();
        Assert.Equal("ADDED", e.Type);
        Assert.Equal("b", (string?)e.Object["metadata"]!["name"]);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_SendsCurrentStateFirst()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("a"));

        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn(ns)}?watch=true");

        var e = await watch.NextChangeAsync();
        Assert.Equal(("ADDED", "a"), (e.Type, (string?)e.Object["metadata"]!["name"]));
    }

    [Fact]
    public async Task Watch_LabelSelector_TranslatesTransitionsToAddedAndDeleted()
    {
        using var api = Api();
        var ns = NewNamespace();
        var (_, list) = await api.GetAsync(TestApi.ConfigMapsIn(ns));
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn(ns)}?watch=true&labelSelector=app%3Dweb&resourceVersion={TestApi.Rv(list)}");

        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c", new JsonObject { ["app"] = "other" }));
        await api.MergePatchAsync(TestApi.ConfigMapsIn(ns) + "/c", JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""")!);
        await api.MergePatchAsync(TestApi.ConfigMapsIn(ns) + "/c", JsonNode.Parse("""{"metadata":{"labels":{"app":"gone"}}}""")!);

        Assert.Equal("ADDED", (await watch.NextChangeAsync()).Type);
        Assert.Equal("DELETED", (await watch.NextChangeAsync()).Type);
    }

    [Fact]
    public async Task Watch_AllowBookmarks_SendsPeriodicBookmarkWithCurrentVersion()
    {
        using var api = Api();
        var ns = NewNamespace();
        var (_, list) = await api.GetAsync(TestApi.ConfigMapsIn(ns));
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn(ns)}?watch=true&allowWatchBookmarks=true&resourceVersion={TestApi.Rv(list)}");

        var e = await watch.NextAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(e);
        Assert.Equal("BOOKMARK", e.Value.Type);
        Assert.Equal("ConfigMap", (string?)e.Value.Object["kind"]);
        Assert.True(long.Parse(TestApi.Rv(e.Value.Object), System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(TestApi.Rv(list), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Watch_WithoutAllowBookmarks_SendsNoBookmark()
    {
        using var api = Api();
        var ns = NewNamespace();
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn(ns)}?watch=true&timeoutSeconds=2&resourceVersion={Server.ResourceVersion}");

        var e = await watch.NextAsync(TimeSpan.FromSeconds(5));

        Assert.Null(e);
    }

    [Fact]
    public async Task Watch_CompactedResourceVersion_SendsErrorEventWith410()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        var old = await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));
        await api.MergePatchAsync(TestApi.ConfigMapsIn("a") + "/c", JsonNode.Parse("""{"data":{"k":"2"}}""")!);
        server.Compact();

        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn("a")}?watch=true&resourceVersion={TestApi.Rv(old)}");

        var e = await watch.NextAsync();
        Assert.Equal("ERROR", e!.Value.Type);
        Assert.Equal(410L, (long)e.Value.Object["code"]!);
        Assert.Equal("Expired", (string?)e.Value.Object["reason"]);
        Assert.Equal("Status", (string?)e.Value.Object["kind"]);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task Watch_HistoryLimit_ExpiresOldVersions()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions { WatchHistoryLimit = 2 });
        using var api = new TestApi(server.CreateClient());
        var first = await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c1"));
        await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c2"));
        var third = await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c3"));
        await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c4"));

        await using var expired = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn("a")}?watch=true&resourceVersion={TestApi.Rv(first)}");
        await using var fine = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn("a")}?watch=true&resourceVersion={TestApi.Rv(third)}");

        Assert.Equal("ERROR", (await expired.NextAsync())!.Value.Type);
        Assert.Equal("c4", (string?)(await fine.NextChangeAsync()).Object["metadata"]!["name"]);
    }

    [Fact]
    public async Task DropWatches_EndsOpenStreams()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn("a")}?watch=true&resourceVersion=0");
        for (var i = 0; i < 100 && server.OpenWatches == 0; i++)
        {
            await Task.Delay(10);
        }

        var dropped = server.DropWatches();

        Assert.Equal(1, dropped);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task DropWatches_Abort_ResetsConnection()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn("a")}?watch=true&resourceVersion=0");
        for (var i = 0; i < 100 && server.OpenWatches == 0; i++)
        {
            await Task.Delay(10);
        }

        server.DropWatches(abort: true);

        await Assert.ThrowsAnyAsync<IOException>(() => watch.NextAsync());
    }

    [Fact]
    public async Task List_ContinueAfterCompaction_Returns410()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c1"));
        await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c2"));
        var (_, page) = await api.GetAsync($"{TestApi.ConfigMapsIn("a")}?limit=1");
        await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c3"));
        server.Compact();

        var (code, body) = await api.GetAsync($"{TestApi.ConfigMapsIn("a")}?limit=1&continue={Uri.EscapeDataString((string)page["metadata"]!["continue"]!)}");

        Assert.Equal(System.Net.HttpStatusCode.Gone, code);
        Assert.Equal("Expired", (string?)body["reason"]);
    }
}
