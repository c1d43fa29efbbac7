using System.Net;
using System.Text.Json;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Hosting;

public class ExampleWorkerTests
{
    private static WorkerDefinition CSdkHello(string host = "*") => Workers.Define(
        "c-sdk-hello",
        Tools.Example("c-sdk-hello", "c-sdk-hello.wasm"),
        host: host,
        bindings: new WorkerBindings
        {
            Vars = new Dictionary<string, string> { ["GREETING"] = "ahoy" },
            Kv = new Dictionary<string, string> { ["HITS"] = "test/hits" },
        });

    private static WorkerDefinition WagiHello() =>
        Workers.Define("wagi-hello", Tools.Example("wagi-hello", "wagi-hello.wasm"), prefix: "/cgi");

    [Fact]
    public async Task CSdkHello_AnswersJson_AndCountsHitsInKv()
    {
        await using var fx = await HostFixture.StartAsync(null, CSdkHello());
        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/greet?x=1");
            request.Headers.UserAgent.ParseAdd("wharf-test/1.0");
            using var response = await fx.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            Assert.Equal("ahoy", root.GetProperty("greeting").GetString());
            Assert.Equal("GET", root.GetProperty("method").GetString());
            Assert.Equal($"{fx.Client.BaseAddress}greet?x=1", root.GetProperty("url").GetString());
            Assert.Equal("wharf-test/1.0", root.GetProperty("userAgent").GetString());
            Assert.Equal(i, root.GetProperty("hits").GetInt32());
        }

        var stored = await fx.Kv.GetAsync("test/hits", "hits");
        Assert.Equal("3", System.Text.Encoding.UTF8.GetString(stored!.Value.Span));
        Assert.Contains(fx.Log.Lines, l => l.Worker == "c-sdk-hello" && l.Message == "c-sdk-hello initialized");
    }

    [Fact]
    public async Task CSdkHello_ConcurrentRequests_CountEveryHit()
    {
        await using var fx = await HostFixture.StartAsync(null, CSdkHello());
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fx.Client.GetAsync("/")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        // Get-then-put is not atomic across instances (as in Cloudflare KV), so only a range is guaranteed.
        var stored = await fx.Kv.GetAsync("test/hits", "hits");
        Assert.InRange(int.Parse(System.Text.Encoding.UTF8.GetString(stored!.Value.Span), System.Globalization.CultureInfo.InvariantCulture), 1, 20);
    }

    [Fact]
    public async Task WagiHello_GetsCgiEnvironmentAndBody()
    {
        await using var fx = await HostFixture.StartAsync(null, WagiHello());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cgi/some/path?a=1&b=2") { Content = new StringContent("12345") };
        request.Headers.UserAgent.ParseAdd("wharf-test/2.0");
        using var response = await fx.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("hello from WAGI\n", body, StringComparison.Ordinal);
        Assert.Contains("method=POST\n", body, StringComparison.Ordinal);
        Assert.Contains("path=/some/path\n", body, StringComparison.Ordinal);
        Assert.Contains("query=a=1&b=2\n", body, StringComparison.Ordinal);
        Assert.Contains("user-agent=wharf-test/2.0\n", body, StringComparison.Ordinal);
        Assert.Contains("content-length=5\n", body, StringComparison.Ordinal);
        Assert.Contains("body-bytes=5\n", body, StringComparison.Ordinal);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("x-wagi-args")));
        Assert.Contains(fx.Log.Lines, l => l.Worker == "wagi-hello" && l.Message.StartsWith("wagi-hello: POST /some/path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WagiHello_QueryWithoutEquals_BecomesArgs()
    {
        await using var fx = await HostFixture.StartAsync(null, WagiHello());
        var body = await fx.Client.GetStringAsync("/cgi?one+two%20three");
        Assert.Contains("arg1=one\n", body, StringComparison.Ordinal);
        Assert.Contains("arg2=two three\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WagiHello_LocationWithoutStatus_Answers302()
    {
        await using var fx = await HostFixture.StartAsync(null, WagiHello());
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = fx.Client.BaseAddress };
        using var response = await client.GetAsync("/cgi/moved");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/hello", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Routing_UnknownHostOrPath_Answers404()
    {
        await using var fx = await HostFixture.StartAsync(null, CSdkHello("api.example.com"), WagiHello());
        using var response = await fx.Client.GetAsync("/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
        request.Headers.Host = "api.example.com";
        using var routed = await fx.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
    }
}
