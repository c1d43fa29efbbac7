using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class CrudTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    [Fact]
    public async Task Create_NewObject_SetsServerFields()
    {
        using var api = Api();
        var ns = NewNamespace();
        var before = Server.ResourceVersion;

        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var meta = created["metadata"]!;
        Assert.True(Guid.TryParse((string?)meta["uid"], out _));
        Assert.True(long.Parse(TestApi.Rv(created), System.Globalization.CultureInfo.InvariantCulture) > before);
        Assert.True(DateTimeOffset.TryParse((string?)meta["creationTimestamp"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
        Assert.Equal(1, (long)meta["generation"]!);
        Assert.Equal(ns, (string?)meta["namespace"]);
    }

    [Fact]
    public async Task Create_Twice_Returns409AlreadyExists()
    {
        using var api = Api();
        var ns = NewNamespace();
        await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var (code, body) = await api.PostAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", (string?)body["reason"]);
        Assert.Equal("workers.wharf.dev \"a\" already exists", (string?)body["message"]);
        Assert.Equal("a", (string?)body["details"]!["name"]);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsSuffix()
    {
        using var api = Api();
        var ns = NewNamespace();
        var cm = TestApi.ConfigMap("x");
        cm["metadata"]!.AsObject().Remove("name");
        cm["metadata"]!["generateName"] = "cfg-";

        var created = await api.CreateAsync(TestApi.ConfigMapsIn(ns), cm);

        Assert.Matches("^cfg-[a-z0-9]{5}$", (string)created["metadata"]!["name"]!);
    }

    [Fact]
    public async Task Create_WithResourceVersion_IsRejected()
    {
        using var api = Api();
        var cm = TestApi.ConfigMap("x");
        cm["metadata"]!["resourceVersion"] = "5";

        var (code, body) = await api.PostAsync(TestApi.ConfigMapsIn(NewNamespace()), cm);

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Contains("resourceVersion should not be set", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NamespaceMismatch_Returns400()
    {
        using var api = Api();

        var (code, body) = await api.PostAsync(TestApi.WorkersIn("one"), TestApi.Worker("a", "two"));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("BadRequest", (string?)body["reason"]);
    }

    [Fact]
    public async Task Create_WrongKind_Returns400()
    {
        using var api = Api();
        var worker = TestApi.Worker("a");
        worker["kind"] = "Gadget";

        var (code, _) = await api.PostAsync(TestApi.WorkersIn("default"), worker);

        Assert.Equal(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Get_Missing_Returns404StatusInKubernetesShape()
    {
        using var api = Api();

        var (code, body) = await api.GetAsync(TestApi.WorkersIn(NewNamespace()) + "/nope");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"workers.wharf.dev \"nope\" not found","reason":"NotFound",
             "details":{"name":"nope","group":"wharf.dev","kind":"workers"},"code":404}
            """), body), body.ToJsonString());
    }

    [Fact]
    public async Task Get_UnknownResource_Returns404()
    {
        using var api = Api();

        var (code, body) = await api.GetAsync("apis/wharf.dev/v1alpha1/namespaces/x/gadgets");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", (string?)body["reason"]);
    }

    [Fact]
    public async Task Get_Existing_ReturnsStoredObject()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("a", ns));

        var (code, body) = await api.GetAsync(TestApi.WorkersIn(ns) + "/a");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True(JsonNode.DeepEquals(created, body));
    }

    [Fact]
    public async Task ClusterScoped_CreateAndGet_Works()
    {
        using var api = Api();
        var name = NewNamespace();
        var nsObject = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

        await api.CreateAsync("api/v1/namespaces", nsObject);
        var (code, body) = await api.GetAsync("api/v1/namespaces/" + name);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(body["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Create_InvalidName_Returns422()
    {
        using var api = Api();

        var (code, body) = await api.PostAsync(TestApi.ConfigMapsIn("default"), TestApi.ConfigMap("Not_Valid"));

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("metadata.name", (string?)body["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Create_OwnerReferenceWithoutUid_Returns422()
    {
        using var api = Api();
        var cm = TestApi.ConfigMap("c");
        cm["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "X", ["name"] = "x" });

        var (code, body) = await api.PostAsync(TestApi.ConfigMapsIn(NewNamespace()), cm);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("metadata.ownerReferences[0].uid", (string?)body["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task Create_InvalidFinalizer_Returns422()
    {
        using var api = Api();
        var cm = TestApi.ConfigMap("c");
        cm["metadata"]!["finalizers"] = new JsonArray("not a name");

        var (code, body) = await api.PostAsync(TestApi.ConfigMapsIn(NewNamespace()), cm);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("metadata.finalizers[0]", (string?)body["details"]!["causes"]![0]!["field"]);
    }
}
