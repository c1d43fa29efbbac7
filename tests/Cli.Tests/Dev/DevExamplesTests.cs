using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Wharf.Cli.Tests.Dev;

/// <summary><c>wharf dev examples</c>: every example answers as its README documents, through Kestrel.</summary>
public sealed class DevExamplesTests
{
    [Fact]
    public async Task Examples_FolderOfProjects_EveryExampleAnswers()
    {
        await using var fx = await DevFixture.StartAsync(DevExamples.Folder);
        // A superset check: examples added later must not break this test, missing ones must.
        Assert.Subset(fx.Server.Workers.ToHashSet(), new HashSet<string> { "c-sdk-hello", "hello-js", "json-api-js", "kv-counter-js", "wagi-hello" });

        // hello-js
        using (var hello = await fx.Client.GetAsync("/hello"))
        {
            Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
            Assert.Equal("text/plain", hello.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Hello from Wharf!\n", await hello.Content.ReadAsStringAsync());
        }

        using (var json = JsonDocument.Parse(await fx.GetStringAsync("/hello/json")))
        {
            Assert.Equal("Hello from Wharf!", json.RootElement.GetProperty("message").GetString());
            Assert.Equal("/hello/json", json.RootElement.GetProperty("path").GetString());
        }

        // kv-counter-js: GET increments, DELETE resets
        for (var i = 1; i <= 3; i++)
        {
            using var counter = JsonDocument.Parse(await fx.GetStringAsync("/counter"));
            Assert.Equal(i, counter.RootElement.GetProperty("count").GetInt32());
        }

        using (var reset = await fx.Client.DeleteAsync("/counter"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        using (var counter = JsonDocument.Parse(await fx.GetStringAsync("/counter")))
        {
            Assert.Equal(1, counter.RootElement.GetProperty("count").GetInt32());
        }

        Assert.Equal("""{"name":"other","count":1}""", await fx.GetStringAsync("/counter?name=other"));

        // c-sdk-hello: JSON with the manifest's GREETING and a KV hit counter
        using (var c = JsonDocument.Parse(await fx.GetStringAsync("/c-hello")))
        {
            Assert.Equal("Hello from C!", c.RootElement.GetProperty("greeting").GetString());
            Assert.Equal(1, c.RootElement.GetProperty("hits").GetInt32());
        }

        // wagi-hello: CGI text, PATH_INFO below the route
        var wagi = await fx.GetStringAsync("/wagi/x?a=1");
        Assert.StartsWith("hello from WAGI\nmethod=GET\npath=/x\nquery=a=1\n", wagi, StringComparison.Ordinal);

        // unrouted paths list the routes
        using (var missing = await fx.Client.GetAsync("/nope"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("/counter -> kv-counter-js", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // every request is printed with its worker, and worker console output is prefixed with the name
        Assert.Contains("[hello-js] GET /hello -> 200 (", fx.Output.Text, StringComparison.Ordinal);
        Assert.Contains("[kv-counter-js] visits -> 3\n", fx.Output.Text, StringComparison.Ordinal);
        Assert.Contains("[-] GET /nope -> 404 (", fx.Output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonApi_CrudRoundTrip_AnswersWithStatusCodes()
    {
        await using var fx = await DevFixture.StartAsync(DevExamples.CopyToTemp("json-api-js"));

        using var created = await fx.Client.PostAsJsonAsync("/api/items", new { name = "apple", price = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = item.GetProperty("id").GetString()!;
        Assert.Equal("apple", item.GetProperty("name").GetString());
        Assert.Equal($"/api/items/{id}", created.Headers.Location?.OriginalString);

        var list = await fx.Client.GetFromJsonAsync<JsonElement>("/api/items");
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetString());
        var one = await fx.Client.GetFromJsonAsync<JsonElement>($"/api/items/{id}");
        Assert.Equal(3, one.GetProperty("price").GetInt32());

        using (var bad = await fx.Client.PostAsync("/api/items", new StringContent("[1]")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var put = await fx.Client.PutAsync($"/api/items/{id}", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
            Assert.Equal(["GET", "DELETE"], put.Content.Headers.Allow);
        }

        using (var deleted = await fx.Client.DeleteAsync($"/api/items/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await fx.Client.GetAsync($"/api/items/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("no such item", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        using (var unknown = await fx.Client.GetAsync("/api/other"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }
}
