using System.Diagnostics;
using System.Net;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Tests.TestSupport;

namespace Wharf.NodeRuntime.Tests.Hosting;

[Collection(TimingCollection.Name)]
public class WorkerHostLimitTests
{
    private static WorkerDefinition Worker(string name, string wat, WorkerLimits? limits = null) =>
        Workers.Define(name, Tools.Wat(wat), prefix: "/" + name, limits: limits);

    [Fact]
    public async Task InfiniteLoop_Answers504WithinTimeoutPlusMargin()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var fx = await HostFixture.StartAsync(null,
            Worker("loop", Workers.InfiniteLoop, new WorkerLimits { Timeout = timeout }),
            Worker("hello", Workers.Hello));
        Assert.Equal("ok", await fx.Client.GetStringAsync("/hello")); // warm up the request path (JIT)
        var watch = Stopwatch.StartNew();
        using var response = await fx.Client.GetAsync("/loop");
        watch.Stop();
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        // The engine's epoch clock ticks coarsely, so the trap may come a few ms early.
        Assert.True(watch.Elapsed >= timeout - TimeSpan.FromMilliseconds(20) && watch.Elapsed < timeout + TimeSpan.FromMilliseconds(150), $"answered after {watch.Elapsed.TotalMilliseconds} ms");

        using var next = await fx.Client.GetAsync("/hello");
        Assert.Equal("ok", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GuestSleepingInWasi_Answers504WithinTimeoutPlusGrace()
    {
        // poll_oneoff with a 5 s relative clock subscription: the guest blocks inside a host call.
        var wat = Workers.Sdk(
            "(i32.store8 (i32.const 8) (i32.const 0)) (i32.store (i32.const 16) (i32.const 1)) (i64.store (i32.const 24) (i64.const 5000000000)) (drop (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200))) (i32.const 0)")
            .Replace("(module", "(module (import \"wasi_snapshot_preview1\" \"poll_oneoff\" (func $poll (param i32 i32 i32 i32) (result i32)))", StringComparison.Ordinal);
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var fx = await HostFixture.StartAsync(null, Worker("sleep", wat, new WorkerLimits { Timeout = timeout }), Worker("hello", Workers.Hello));
        Assert.Equal("ok", await fx.Client.GetStringAsync("/hello")); // warm up the request path (JIT)
        var watch = Stopwatch.StartNew();
        using var response = await fx.Client.GetAsync("/sleep");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(watch.Elapsed < timeout + TimeSpan.FromMilliseconds(300), $"answered after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task MemoryBomb_Answers500_AndHostKeepsServing()
    {
        await using var fx = await HostFixture.StartAsync(null,
            Worker("bomb", Workers.MemoryBomb, new WorkerLimits { MemoryBytes = 16 << 20 }),
            Worker("hello", Workers.Hello));
        for (var i = 0; i < 3; i++)
        {
            using var response = await fx.Client.GetAsync("/bomb");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.True(response.Headers.Contains(WorkerResponse.ErrorIdHeader));
        }

        using var next = await fx.Client.GetAsync("/hello");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public void InitialMemoryAboveCap_IsLoadError()
    {
        var kv = new Wharf.NodeRuntime.Kv.InMemoryKvStore();
        using var host = new WorkerHost(new WorkerHostOptions(), kv, new CapturingWorkerLog());
        var failures = host.Load([Worker("fat", Workers.Sdk("(i32.const 0)", memory: "(memory (export \"memory\") 512)"), new WorkerLimits { MemoryBytes = 16 << 20 })]);
        var failure = Assert.Single(failures);
        Assert.Contains("worker 'fat'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("memory limit", failure.Message, StringComparison.Ordinal);
        Assert.Empty(host.Workers);
    }

    [Fact]
    public async Task DeepRecursion_Answers500()
    {
        await using var fx = await HostFixture.StartAsync(new WorkerHostOptions { DevMode = true }, Worker("deep", Workers.DeepRecursion));
        using var response = await fx.Client.GetAsync("/deep");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("call stack exhausted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeepRecursionWithFatFrames_Answers500_AndHostKeepsServing()
    {
        await using var fx = await HostFixture.StartAsync(new WorkerHostOptions { DevMode = true }, Worker("fat", Workers.FatRecursion), Worker("hello", Workers.Hello));
        using var response = await fx.Client.GetAsync("/fat");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("call stack exhausted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("ok", await fx.Client.GetStringAsync("/hello"));
    }

    [Fact]
    public async Task Trap_Answers500WithErrorId_MessageOnlyInDevMode()
    {
        await using (var prod = await HostFixture.StartAsync(null, Worker("trap", Workers.Unreachable)))
        {
            using var response = await prod.Client.GetAsync("/trap");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var id = Assert.Single(response.Headers.GetValues(WorkerResponse.ErrorIdHeader));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal($"error id: {id}\n", body);
        }

        await using var dev = await HostFixture.StartAsync(new WorkerHostOptions { DevMode = true }, Worker("trap", Workers.Unreachable));
        using var devResponse = await dev.Client.GetAsync("/trap");
        Assert.Contains("unreachable", await devResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlerReturningNonZero_Answers500()
    {
        await using var fx = await HostFixture.StartAsync(null, Worker("one", Workers.ReturnsOne));
        using var response = await fx.Client.GetAsync("/one");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task HugeBody_WithContentLength_Answers413()
    {
        await using var fx = await HostFixture.StartAsync(null, Worker("echo", Workers.EchoBody, new WorkerLimits { MaxRequestBodyBytes = 1000 }));
        using var ok = await fx.Client.PostAsync("/echo", new ByteArrayContent(new byte[1000]));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1000, (await ok.Content.ReadAsByteArrayAsync()).Length);
        using var tooBig = await fx.Client.PostAsync("/echo", new ByteArrayContent(new byte[1001]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    [Fact]
    public async Task HugeBody_Chunked_Answers413WhileStreaming()
    {
        await using var fx = await HostFixture.StartAsync(null, Worker("echo", Workers.EchoBody, new WorkerLimits { MaxRequestBodyBytes = 1000 }));
        using var content = new StreamContent(new MemoryStream(new byte[5000]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await fx.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task OversizedResponse_Answers502()
    {
        await using var fx = await HostFixture.StartAsync(null, Worker("big", Workers.BigResponse, new WorkerLimits { MaxResponseBodyBytes = 1 << 20 }));
        using var response = await fx.Client.GetAsync("/big");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task ConcurrencyLimit_WithoutQueue_Answers503()
    {
        var limits = new WorkerLimits { Timeout = TimeSpan.FromMilliseconds(800), MaxConcurrency = 1, MaxQueue = 0 };
        await using var fx = await HostFixture.StartAsync(null, Worker("loop", Workers.InfiniteLoop, limits));
        var first = fx.Client.GetAsync("/loop");
        await Task.Delay(200);
        using var second = await fx.Client.GetAsync("/loop");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.GatewayTimeout, firstResponse.StatusCode);
    }

    [Fact]
    public async Task ConcurrencyLimit_WithQueue_WaitsForFreeSlot()
    {
        var limits = new WorkerLimits { MaxConcurrency = 1, MaxQueue = 10 };
        await using var fx = await HostFixture.StartAsync(null, Worker("hello", Workers.Hello, limits));
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fx.Client.GetStringAsync("/hello")));
        Assert.All(responses, r => Assert.Equal("ok", r));
    }
}
