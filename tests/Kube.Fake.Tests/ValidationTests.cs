using System.Net;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

public sealed class ValidationTests(FakeKubeServerFixture fixture) : FakeServerTest(fixture)
{
    private async Task<(HttpStatusCode Code, JsonObject Body)> CreateWorkerAsync(Action<JsonObject> mutate, string query = "")
    {
        using var api = Api();
        var ns = NewNamespace();
        var worker = TestApi.Worker("w", ns);
        mutate(worker);
        return await api.PostAsync(TestApi.WorkersIn(ns) + query, worker);
    }

    private static JsonArray Causes(JsonObject status) => status["details"]!["causes"]!.AsArray();

    [Fact]
    public async Task Create_UnsupportedEnum_Returns422WithFieldPath()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["module"]!["runtime"] = "python");

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.Equal("Worker", (string?)body["details"]!["kind"]);
        var cause = Causes(body).Single()!;
        Assert.Equal("FieldValueNotSupported", (string?)cause["reason"]);
        Assert.Equal("spec.module.runtime", (string?)cause["field"]);
        Assert.Equal("Worker.wharf.dev \"w\" is invalid: spec.module.runtime: Unsupported value: \"python\": supported values: \"wasm\", \"javascript\"", (string?)body["message"]);
    }

    [Fact]
    public async Task Create_MissingRequired_Returns422Required()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!.AsObject().Remove("routes"));

        Assert.Equal((HttpStatusCode)422, code);
        var cause = Causes(body).Single()!;
        Assert.Equal(("FieldValueRequired", "spec.routes"), ((string?)cause["reason"], (string?)cause["field"]));
    }

    [Fact]
    public async Task Create_PatternMismatch_Returns422()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["routes"]![0]!["host"] = "Bad_Host");

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("spec.routes[0].host", (string?)Causes(body).Single()!["field"]);
    }

    [Fact]
    public async Task Create_OutOfRange_Returns422()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["limits"] = new JsonObject { ["maxConcurrency"] = 0 });

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains("should be greater than or equal to 1", (string?)Causes(body).Single()!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongType_Returns422TypeInvalid()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["minInstances"] = "two");

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("FieldValueTypeInvalid", (string?)Causes(body).Single()!["reason"]);
    }

    [Fact]
    public async Task Create_TooManyItems_Returns422()
    {
        var routes = new JsonArray([.. Enumerable.Range(0, 33).Select(i => (JsonNode)new JsonObject { ["host"] = $"h{i}.example.com" })]);
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["routes"] = routes);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("FieldValueTooMany", (string?)Causes(body).Single()!["reason"]);
    }

    [Fact]
    public async Task Create_DuplicateListMapKey_Returns422()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["bindings"] = JsonNode.Parse("""
            {"vars":[{"name":"A","value":"1"},{"name":"A","value":"2"}]}
            """));

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal(("FieldValueDuplicate", "spec.bindings.vars[1]"), ((string?)Causes(body).Single()!["reason"], (string?)Causes(body).Single()!["field"]));
    }

    [Fact]
    public async Task Create_SeveralErrors_ListsAllInMessage()
    {
        var (_, body) = await CreateWorkerAsync(w =>
        {
            w["spec"]!["module"]!["runtime"] = "python";
            w["spec"]!["minInstances"] = -1;
        });

        Assert.Equal(2, Causes(body).Count);
        Assert.StartsWith("Worker.wharf.dev \"w\" is invalid: [", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AppliesNestedDefaults()
    {
        var (code, body) = await CreateWorkerAsync(_ => { });

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"memory":"64Mi","timeout":"5s","maxBodySize":"1Mi","maxConcurrency":64}"""), body["spec"]!["limits"]));
        Assert.Equal("/", (string?)body["spec"]!["routes"]![0]!["pathPrefix"]);
        Assert.Equal(0L, (long)body["spec"]!["minInstances"]!);
    }

    [Fact]
    public async Task Create_UnknownField_IsPrunedWithWarning()
    {
        using var api = Api();
        var ns = NewNamespace();
        var worker = TestApi.Worker("w", ns);
        worker["spec"]!["bogus"] = 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, TestApi.WorkersIn(ns))
        {
            Content = new StringContent(worker.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await api.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(body["spec"]!["bogus"]);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("spec.bogus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_UnknownFieldStrict_Returns400()
    {
        var (code, body) = await CreateWorkerAsync(w => w["spec"]!["bogus"] = 1, "?fieldValidation=Strict");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("unknown field \"spec.bogus\"", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_InvalidStatus_Returns422()
    {
        using var api = Api();
        var ns = NewNamespace();
        var created = await api.CreateAsync(TestApi.WorkersIn(ns), TestApi.Worker("w", ns));
        created["status"] = new JsonObject { ["resolvedDigest"] = "md5:abc" };

        var (code, body) = await api.PutAsync(TestApi.WorkersIn(ns) + "/w/status", created);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("status.resolvedDigest", (string?)Causes(body).Single()!["field"]);
    }

    [Fact]
    public async Task Create_KvNamespaceAndQuotaSamples_AreServed()
    {
        using var api = Api();
        var ns = NewNamespace();
        var kv = JsonNode.Parse("""{"apiVersion":"wharf.dev/v1alpha1","kind":"KvNamespace","metadata":{"name":"kv"},"spec":{"deletionPolicy":"Maybe"}}""")!;

        var (code, body) = await api.PostAsync($"apis/wharf.dev/v1alpha1/namespaces/{ns}/kvnamespaces", kv);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("spec.deletionPolicy", (string?)Causes(body).Single()!["field"]);
    }
}
