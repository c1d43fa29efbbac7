using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task FailNext_MatchingRequests_FailThenRecover()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        var fault = server.Faults.FailNext(2, 500, r => r.Verb == "create" && r.Resource == "configmaps");

        var first = await api.PostAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));
        var second = await api.PostAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));
        var third = await api.PostAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.InternalServerError, first.Code);
        Assert.Equal("InternalError", (string?)first.Body["reason"]);
        Assert.Equal(HttpStatusCode.InternalServerError, second.Code);
        Assert.Equal(HttpStatusCode.Created, third.Code);
        Assert.Equal(2, fault.Hits);
        Assert.Equal(0, fault.Remaining);
    }

    [Fact]
    public async Task FailNext_NonMatching_IsUntouched()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        server.Faults.FailNext(1, 409, r => r.Verb == "update");

        var (code, _) = await api.PostAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.Created, code);
    }

    [Fact]
    public async Task FailNext_Conflict_ReturnsConflictStatus()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        server.Faults.FailNext(1, 409);

        var (code, body) = await api.GetAsync(TestApi.ConfigMapsIn("a"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)body["reason"]);
        Assert.Equal(409L, (long)body["code"]!);
    }

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(410, "Expired")]
    public async Task FailNext_StatusCode_UsesMatchingReason(int code, string reason)
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        server.Faults.FailNext(1, code, r => r.Verb == "get", "custom message");

        var (status, body) = await api.GetAsync(TestApi.ConfigMapsIn("a") + "/x");

        Assert.Equal((HttpStatusCode)code, status);
        Assert.Equal(reason, (string?)body["reason"]);
        Assert.Equal("custom message", (string?)body["message"]);
    }

    [Fact]
    public async Task FailNext_GoneOnWatch_SendsErrorEvent()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        server.Faults.FailNext(1, 410, r => r.Verb == "watch");

        await using var watch = await WatchStream.OpenAsync(api.Http, $"{TestApi.ConfigMapsIn("a")}?watch=true&resourceVersion=1");
        var e = await watch.NextAsync();

        Assert.Equal("ERROR", e!.Value.Type);
        Assert.Equal(410L, (long)e.Value.Object["code"]!);
    }

    [Fact]
    public async Task RequestLog_WritesTo_CountsSuccessfulWritesPerObject()
    {
        await using var server = await FakeKubeServer.StartAsync();
        using var api = new TestApi(server.CreateClient());
        await api.CreateAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));
        await api.MergePatchAsync(TestApi.ConfigMapsIn("a") + "/c", JsonNode.Parse("""{"data":{"x":"1"}}""")!);
        await api.MergePatchAsync(TestApi.ConfigMapsIn("a") + "/c", JsonNode.Parse("""{"data":{"x":"2"}}""")!);
        await api.GetAsync(TestApi.ConfigMapsIn("a") + "/c");
        await api.PostAsync(TestApi.ConfigMapsIn("a"), TestApi.ConfigMap("c"));

        Assert.Equal(3, server.Requests.WritesTo("configmaps", "a", "c"));
        Assert.Equal(1, server.Requests.Count(r => r.Request.Verb == "get"));
        Assert.Equal(1, server.Requests.Count(r => r.StatusCode == 409));
    }

    [Fact]
    public void Options_Invalid_AreRejectedUpFront()
    {
        Assert.Throws<ArgumentException>(() => new FakeKubeServerOptions { WatchHistoryLimit = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new FakeKubeServerOptions { BookmarkInterval = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentException>(() => new FakeKubeServerOptions { CrdDirectory = "/does/not/exist" }.Validate());
    }

    [Fact]
    public async Task AdditionalResources_AreServed()
    {
        await using var server = await FakeKubeServer.StartAsync(new FakeKubeServerOptions
        {
            AdditionalResources = [new FakeResource("example.com", "v1", "gadgets", "Gadget", true, false)],
        });
        using var api = new TestApi(server.CreateClient());
        var gadget = JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"x":1}}""")!;

        var (code, _) = await api.PostAsync("apis/example.com/v1/namespaces/a/gadgets", gadget);

        Assert.Equal(HttpStatusCode.Created, code);
    }
}
