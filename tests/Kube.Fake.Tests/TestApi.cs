using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Wharf.Kube.Fake.Tests;

/// <summary>Plain HttpClient calls against the fake, returning status code and parsed body.</summary>
internal sealed class TestApi(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public static string WorkersIn(string ns) => $"apis/wharf.dev/v1alpha1/namespaces/{ns}/workers";

    public static string ConfigMapsIn(string ns) => $"api/v1/namespaces/{ns}/configmaps";

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!);
    }

    public Task<(HttpStatusCode Code, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(HttpStatusCode Code, JsonObject Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<(HttpStatusCode Code, JsonObject Body)> DeleteAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Delete, path, body);

    public Task<(HttpStatusCode Code, JsonObject Body)> MergePatchAsync(string path, JsonNode patch) =>
        SendAsync(HttpMethod.Patch, path, patch, "application/merge-patch+json");

    public Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(string path, JsonNode config, string manager, bool force = false) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={manager}{(force ? "&force=true" : "")}", config, "application/apply-patch+yaml");

    /// <summary>Creates and returns the stored object, asserting 201.</summary>
    public async Task<JsonObject> CreateAsync(string collection, JsonObject obj)
    {
        var (code, body) = await PostAsync(collection, obj);
        Assert.True(code == HttpStatusCode.Created, $"create failed: {code} {body.ToJsonString()}");
        return body;
    }

    public void Dispose() => Http.Dispose();

    public static JsonObject Worker(string name, string ns = "default", string runtime = "wasm") => new()
    {
        ["apiVersion"] = "wharf.dev/v1alpha1",
        ["kind"] = "Worker",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["module"] = new JsonObject { ["image"] = "registry.example.com/team/app:1.0", ["runtime"] = runtime },
            ["routes"] = new JsonArray(new JsonObject { ["host"] = "app.example.com" }),
        },
    };

    public static JsonObject ConfigMap(string name, JsonObject? labels = null, JsonObject? data = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? [] },
        ["data"] = data ?? new JsonObject { ["k"] = "v" },
    };

    public static string Rv(JsonObject obj) => (string)obj["metadata"]!["resourceVersion"]!;
}
