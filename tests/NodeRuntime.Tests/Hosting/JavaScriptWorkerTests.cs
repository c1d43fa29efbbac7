using System.Net;
using System.Text.Json;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Hosting;

/// <summary>JavaScript workers: wharf-js.wasm (QuickJS + glue) is an SDK worker whose code is the bundle.</summary>
[Collection(TimingCollection.Name)]
public class JavaScriptWorkerTests
{
    private static byte[] Bundle(string source, params (string Path, string Source)[] more)
    {
        var modules = new Dictionary<string, string> { ["index.js"] = source };
        foreach (var (path, text) in more)
        {
            modules[path] = text;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["main"] = "index.js", ["modules"] = modules });
    }

    private static WorkerDefinition Js(string name, byte[] bundle, WorkerBindings? bindings = null) =>
        Workers.Define(name, Tools.WharfJs(), prefix: "/" + name, bindings: bindings, initData: bundle,
            limits: new WorkerLimits { Timeout = TimeSpan.FromSeconds(10) }) with { Kind = WorkerKind.Sdk };

    [Fact]
    public async Task Hello_AnswersFromJavaScript()
    {
        var bundle = Bundle(
            """
            import { greet } from "./lib/greet.js";
            export default {
              async fetch(request, env) {
                const url = new URL(request.url);
                console.log("serving", url.pathname);
                return new Response(greet(env.NAME) + " " + request.method + " " + url.pathname, {
                  status: 201, headers: { "content-type": "text/plain", "x-js": "1" } });
              },
            };
            """,
            ("lib/greet.js", "export function greet(name) { return `hello ${name}`; }"));
        await using var fx = await HostFixture.StartAsync(null, Js("hello", bundle, new WorkerBindings { Vars = new Dictionary<string, string> { ["NAME"] = "wharf" } }));
        using var response = await fx.Client.GetAsync("/hello/path");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("hello wharf GET /hello/path", await response.Content.ReadAsStringAsync());
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("x-js")));
        Assert.Contains(fx.Log.Lines, l => l.Worker == "hello" && l.Message.Contains("serving /hello/path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KvCounter_CountsAcrossRequests()
    {
        var bundle = Bundle(
            """
            export default {
              async fetch(request, env) {
                const n = Number(await env.HITS.get("count") ?? "0") + 1;
                await env.HITS.put("count", String(n));
                return Response.json({ count: n });
              },
            };
            """);
        await using var fx = await HostFixture.StartAsync(null, Js("counter", bundle, new WorkerBindings { Kv = new Dictionary<string, string> { ["HITS"] = "test/hits" } }));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= 3; i++)
        {
            if (i == 2)
            {
                watch.Restart();
            }

            using var json = JsonDocument.Parse(await fx.Client.GetStringAsync("/counter"));
            Assert.Equal(i, json.RootElement.GetProperty("count").GetInt32());
        }

        Console.WriteLine($"JS request: {watch.Elapsed.TotalMilliseconds / 2:F1} ms");
    }

    [Fact]
    public async Task ThrowingHandler_Answers500WithErrorId()
    {
        var bundle = Bundle("export default { fetch() { throw new TypeError('boom'); } };");
        await using var fx = await HostFixture.StartAsync(null, Js("thrower", bundle));
        using var response = await fx.Client.GetAsync("/thrower");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(response.Headers.Contains(WorkerResponse.ErrorIdHeader));
        Assert.Contains(fx.Log.Lines, l => l.Worker == "thrower" && l.Message.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InfiniteLoop_Answers504()
    {
        var bundle = Bundle("export default { fetch() { for (;;) {} } };");
        var worker = Js("spin", bundle) with { Limits = new WorkerLimits { Timeout = TimeSpan.FromSeconds(3) } };
        await using var fx = await HostFixture.StartAsync(null, worker);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await fx.Client.GetAsync("/spin");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        // The engine's epoch clock ticks coarsely, so the trap may come a few ms early.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.98) && watch.Elapsed < TimeSpan.FromSeconds(3.5), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Load_BundleWithSyntaxError_IsLoadErrorNamingWorker()
    {
        using var host = new WorkerHost(new WorkerHostOptions(), new Wharf.NodeRuntime.Kv.InMemoryKvStore(), new CapturingWorkerLog());
        var failure = Assert.Single(host.Load([Js("bad-js", Bundle("export default {"))]));
        Assert.Equal("worker 'bad-js': wharf_init returned 1", failure.Message);
    }
}
