using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class UpdateTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    [Fact]
    public async Task Replace_StaleResourceVersion_Returns409Conflict()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));
        var first = (JsonObject)created.DeepClone();
        first["spec"]!["minInstances"] = 1;
        var put1 = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", first);
        Assert.True(put1.Code == HttpStatusCode.OK, put1.Body.ToJsonString());

        var stale = (JsonObject)created.DeepClone();
        stale["spec"]!["minInstances"] = 2;
        var (code, body) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", stale);

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)body["reason"]);
        Assert.Equal("Operation cannot be fulfilled on workers.wharf.dev \"a\": the object has been modified; please apply your changes to the latest version and try again", (string?)body["message"]);
    }

    [Fact]
    public async Task Replace_CustomResourceWithoutResourceVersion_Returns422()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var (code, body) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", TestApi.Worker("a", ns));

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("metadata.resourceVersion", (string?)body["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Replace_SpecChange_BumpsGenerationAndResourceVersion()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));
        created["spec"]!["minInstances"] = 3;

        var (_, updated) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", created);

        Assert.Equal(2L, (long)updated["metadata"]!["generation"]!);
        Assert.NotEqual(TestApi.Rv(created), TestApi.Rv(updated));
    }

    [Fact]
    public async Task Replace_MetadataOnlyChange_KeepsGeneration()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));
        created["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };

        var (_, updated) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", created);

        Assert.Equal(1L, (long)updated["metadata"]!["generation"]!);
        Assert.Equal("y", (string?)updated["metadata"]!["labels"]!["x"]);
    }

    [Fact]
    public async Task Replace_NoChange_DoesNotWrite()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var (code, same) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", created);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(TestApi.Rv(created), TestApi.Rv(same));
        Assert.Equal(TestApi.Rv(created), TestApi.Rv(Server.GetObject("wharf.dev/v1alpha1", "workers", ns, "a")!));
    }

    [Fact]
    public async Task Replace_MainEndpoint_IgnoresStatus()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));
        created["status"] = new JsonObject { ["url"] = "https://x" };

        var (_, updated) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a", created);

        Assert.Null(updated["status"]);
    }

    [Fact]
    public async Task Replace_StatusSubresource_IgnoresSpecAndKeepsGeneration()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));
        created["status"] = new JsonObject { ["url"] = "https://x", ["nodesReady"] = 2 };
        created["spec"]!["minInstances"] = 9;

        var (code, updated) = await api.PutAsync(TestApi.WorkersIn(ns) + "/a/status", created);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("https://x", (string?)updated["status"]!["url"]);
        Assert.Equal(0L, (long)updated["spec"]!["minInstances"]!);
        Assert.Equal(1L, (long)updated["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Create_StatusOnCreate_IsDropped()
    {
        using var api = Api();
        var ns = NewNamespace();
        var worker = TestApi.Worker("a", ns);
        worker["status"] = new JsonObject { ["url"] = "https://x" };

        var created = await api.CreateAsync(TestApi.WorkersIn(ns), worker);

        Assert.Null(created["status"]);
    }

    [Fact]
    public async Task MergePatch_ChangesFieldsAndRemovesNulls()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c", data: new JsonObject { ["a"] = "1", ["b"] = "2" }));

        var (code, patched) = await api.MergePatchAsync(TestApi.ConfigMapsIn(ns) + "/c", JsonNode.Parse("""{"data":{"a":"9","b":null,"c":"3"}}""")!);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"9","c":"3"}"""), patched["data"]));
    }

    [Fact]
    public async Task MergePatch_StaleResourceVersionPrecondition_Returns409()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c"));

        var (code, _) = await api.MergePatchAsync(TestApi.ConfigMapsIn(ns) + "/c", JsonNode.Parse("""{"metadata":{"resourceVersion":"1"},"data":{"a":"1"}}""")!);

        Assert.Equal(HttpStatusCode.Conflict, code);
    }

    [Fact]
    public async Task MergePatch_StatusSubresource_UpdatesStatusOnly()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var (_, patched) = await api.MergePatchAsync(TestApi.WorkersIn(ns) + "/a/status",
            JsonNode.Parse("""{"spec":{"minInstances":5},"status":{"nodesReady":1}}""")!);

        Assert.Equal(1L, (long)patched["status"]!["nodesReady"]!);
        Assert.Equal(0L, (long)patched["spec"]!["minInstances"]!);
    }

    [Fact]
    public async Task JsonPatch_TestAndRemoveFinalizer_Works()
    {
        using var api = Api();
        var ns = NewNamespace();
        var cm = TestApi.ConfigMap("c");
        cm["metadata"]!["finalizers"] = new JsonArray("a/one", "a/two");
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), cm);

        var (code, patched) = await api.SendAsync(HttpMethod.Patch, TestApi.ConfigMapsIn(ns) + "/c",
            JsonNode.Parse("""[{"op":"test","path":"/metadata/finalizers/0","value":"a/one"},{"op":"remove","path":"/metadata/finalizers/0"}]"""),
            "application/json-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["a/two"], patched["metadata"]!["finalizers"]!.AsArray().Select(f => (string)f!));
    }

    [Fact]
    public async Task StrategicMergePatch_OnCustomResource_Returns415()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var (code, _) = await api.SendAsync(HttpMethod.Patch, TestApi.WorkersIn(ns) + "/a", new JsonObject(), "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
    }

    [Fact]
    public async Task Update_Missing_Returns404()
    {
        using var api = Api();
        var worker = TestApi.Worker("ghost");
        worker["metadata"]!["resourceVersion"] = "1";

        var (code, _) = await api.PutAsync(TestApi.WorkersIn("default") + "/ghost", worker);

        Assert.Equal(HttpStatusCode.NotFound, code);
    }
}
