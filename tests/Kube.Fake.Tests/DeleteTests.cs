using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class DeleteTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    private static JsonObject OwnedConfigMap(string name, JsonObject owner, bool block = false)
    {
        var cm = TestApi.ConfigMap(name);
        cm["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "wharf.dev/v1alpha1",
            ["kind"] = "Worker",
            ["name"] = (string?)owner["metadata"]!["name"],
            ["uid"] = (string?)owner["metadata"]!["uid"],
            ["controller"] = true,
            ["blockOwnerDeletion"] = block,
        });
        return cm;
    }

    private async Task EventuallyGoneAsync(string plural, string apiVersion, string ns, string name)
    {
        for (var i = 0; i < 100 && Server.GetObject(apiVersion, plural, ns, name) is not null; i++)
        {
            await Task.Delay(20);
        }

        Assert.Null(Server.GetObject(apiVersion, plural, ns, name));
    }

    [Fact]
    public async Task Delete_NoFinalizers_RemovesAndReturnsSuccessStatus()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c"));

        var (code, body) = await api.DeleteAsync(TestApi.ConfigMapsIn(ns) + "/c");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Success", (string?)body["status"]);
        Assert.Equal("configmaps", (string?)body["details"]!["kind"]);
        Assert.False(body["details"]!.AsObject().ContainsKey("group"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(TestApi.ConfigMapsIn(ns) + "/c")).Code);
    }

    [Fact]
    public async Task Delete_Missing_Returns404()
    {
        using var api = Api();

        var (code, _) = await api.DeleteAsync(TestApi.ConfigMapsIn(NewNamespace()) + "/c");

        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Delete_WithFinalizer_SetsDeletionTimestampUntilLastFinalizerRemoved()
    {
        using var api = Api();
        var ns = NewNamespace();
        var worker = TestApi.Worker("w", ns);
        worker["metadata"]!["finalizers"] = new JsonArray("wharf.dev/a", "wharf.dev/b");
        await api.CreateAsync(TestApi.WorkersIn(ns), worker);

        var (code, deleting) = await api.DeleteAsync(TestApi.WorkersIn(ns) + "/w");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(2L, (long)deleting["metadata"]!["generation"]!);

        deleting["metadata"]!["finalizers"] = new JsonArray("wharf.dev/b");
        var (_, partly) = await api.PutAsync(TestApi.WorkersIn(ns) + "/w", deleting);
        Assert.NotNull(Server.GetObject("wharf.dev/v1alpha1", "workers", ns, "w"));

        partly["metadata"]!["finalizers"] = new JsonArray();
        var (last, _) = await api.PutAsync(TestApi.WorkersIn(ns) + "/w", partly);
        Assert.Equal(HttpStatusCode.OK, last);
        Assert.Null(Server.GetObject("wharf.dev/v1alpha1", "workers", ns, "w"));
    }

    [Fact]
    public async Task Update_AddFinalizerWhileDeleting_Returns422()
    {
        using var api = Api();
        var ns = NewNamespace();
        var cm = TestApi.ConfigMap("c");
        cm["metadata"]!["finalizers"] = new JsonArray("x/a");
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), cm);
        var (_, deleting) = await api.DeleteAsync(TestApi.ConfigMapsIn(ns) + "/c");

        deleting["metadata"]!["finalizers"] = new JsonArray("x/a", "x/b");
        var (code, _) = await api.PutAsync(TestApi.ConfigMapsIn(ns) + "/c", deleting);

        Assert.Equal((HttpStatusCode)422, code);
    }

    [Fact]
    public async Task Delete_UidPreconditionMismatch_Returns409()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c"));

        var (code, _) = await api.DeleteAsync(TestApi.ConfigMapsIn(ns) + "/c",
            JsonNode.Parse("""{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"other"}}"""));

        Assert.Equal(HttpStatusCode.Conflict, code);
    }

    [Fact]
    public async Task Delete_Owner_GarbageCollectsDependentsInBackground()
    {
        using var api = Api();
        var ns = NewNamespace();
        var owner = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("w", ns));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), OwnedConfigMap("dep", owner));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("unrelated"));

        await api.DeleteAsync(TestApi.WorkersIn(ns) + "/w");

        await EventuallyGoneAsync("configmaps", "v1", ns, "dep");
        Assert.NotNull(Server.GetObject("v1", "configmaps", ns, "unrelated"));
    }

    [Fact]
    public async Task Delete_OwnerWithSecondLiveOwner_KeepsDependent()
    {
        using var api = Api();
        var ns = NewNamespace();
        var one = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("one", ns));
        var two = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("two", ns));
        var dep = OwnedConfigMap("dep", one);
        var second = OwnedConfigMap("x", two)["metadata"]!["ownerReferences"]![0]!.DeepClone();
        second["controller"] = false;
        dep["metadata"]!["ownerReferences"]!.AsArray().Add(second);
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), dep);

        await api.DeleteAsync(TestApi.WorkersIn(ns) + "/one");
        Server.CollectGarbage();

        Assert.NotNull(Server.GetObject("v1", "configmaps", ns, "dep"));
    }

    [Fact]
    public async Task Delete_Orphan_StripsOwnerReferences()
    {
        using var api = Api();
        var ns = NewNamespace();
        var owner = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("w", ns));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), OwnedConfigMap("dep", owner));

        await api.DeleteAsync(TestApi.WorkersIn(ns) + "/w?propagationPolicy=Orphan");
        Server.CollectGarbage();

        var dep = Server.GetObject("v1", "configmaps", ns, "dep");
        Assert.NotNull(dep);
        Assert.Empty(dep["metadata"]!["ownerReferences"]!.AsArray());
    }

    [Fact]
    public async Task Delete_Foreground_DeletesDependentsBeforeOwner()
    {
        using var api = Api();
        var ns = NewNamespace();
        var owner = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("w", ns));
        var dep = OwnedConfigMap("dep", owner, block: true);
        dep["metadata"]!["finalizers"] = new JsonArray("x/hold");
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), dep);

        var (_, deleting) = await api.DeleteAsync(TestApi.WorkersIn(ns) + "/w",
            JsonNode.Parse("""{"propagationPolicy":"Foreground"}"""));
        Server.CollectGarbage();

        Assert.Contains("foregroundDeletion", deleting["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.NotNull(Server.GetObject("wharf.dev/v1alpha1", "workers", ns, "w"));
        var held = Server.GetObject("v1", "configmaps", ns, "dep")!;
        Assert.NotNull(held["metadata"]!["deletionTimestamp"]);

        held["metadata"]!["finalizers"] = new JsonArray();
        await api.PutAsync(TestApi.ConfigMapsIn(ns) + "/dep", held);
        await EventuallyGoneAsync("workers", "wharf.dev/v1alpha1", ns, "w");
    }

    [Fact]
    public async Task Delete_BadPropagationPolicy_Returns400()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("c"));

        var (code, _) = await api.DeleteAsync(TestApi.ConfigMapsIn(ns) + "/c?propagationPolicy=Sideways");

        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatches()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("a", new JsonObject { ["app"] = "x" }));
        await api.CreateAsync(TestApi.ConfigMapsIn(ns), TestApi.ConfigMap("b", new JsonObject { ["app"] = "y" }));

        var (code, body) = await api.DeleteAsync(TestApi.ConfigMapsIn(ns) + "?labelSelector=app%3Dx");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("ConfigMapList", (string?)body["kind"]);
        Assert.Single(body["items"]!.AsArray());
        Assert.Null(Server.GetObject("v1", "configmaps", ns, "a"));
        Assert.NotNull(Server.GetObject("v1", "configmaps", ns, "b"));
    }
}
