using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Wharf.NodeRuntime.Abi;
using Wharf.NodeRuntime.Hosting;
using Wharf.NodeRuntime.Tests.TestSupport;
using static Wharf.NodeRuntime.Tests.Abi.AbiProbe;

namespace Wharf.NodeRuntime.Tests.Abi;

public class WharfImportsTests
{
    private static readonly WorkerBindings KvBindings = new()
    {
        Vars = new Dictionary<string, string> { ["MODE"] = "test" },
        Secrets = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
        Kv = new Dictionary<string, string> { ["HITS"] = "test/hits", ["SMALL"] = "test/small" },
    };

    private static async Task<(int[] Results, byte[] Captured, HttpResponseMessage Response)> RunAsync(
        AbiProbe probe, string initBody = "(i32.const 0)", HttpRequestMessage? request = null, byte[]? initData = null)
    {
        var worker = Workers.Define("probe", Tools.Wat(probe.Wat(initBody)), bindings: KvBindings, initData: initData);
        await using var fx = await HostFixture.StartAsync(null, worker);
        var response = await fx.Client.SendAsync(request ?? new HttpRequestMessage(HttpMethod.Get, "/probe"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (results, captured) = probe.Decode(await response.Content.ReadAsByteArrayAsync());
        return (results, captured, response);
    }

    [Fact]
    public async Task Kv_PutGetListDelete_FollowCloudflareSemantics()
    {
        var p = new AbiProbe();
        var h = p.Call("kv_open", p.Str("HITS"));
        var put = p.Call("kv_put", Slot(h), p.Str("k"), p.Str("v1"), I64(0), I32(0), I32(0));
        var get = p.Call("kv_get", Slot(h), p.Str("k"));
        var read = p.Capture(2);
        var missing = p.Call("kv_get", Slot(h), p.Str("missing"));
        var unbound = p.Call("kv_open", p.Str("NOPE"));
        var shortTtl = p.Call("kv_put", Slot(h), p.Str("k"), p.Str("v1"), I64(30), I32(0), I32(0));
        var badMeta = p.Call("kv_put", Slot(h), p.Str("k"), p.Str("v1"), I64(0), p.Str("not json"));
        var withMeta = p.Call("kv_put", Slot(h), p.Str("k"), p.Str("v2"), I64(120), p.Str("{\"a\":1}"));
        var getMeta = p.Call("kv_get_with_metadata", Slot(h), p.Str("k"));
        var readMeta = p.Capture(13);
        var small = p.Call("kv_open", p.Str("SMALL"));
        var tooBig = p.Call("kv_put", Slot(small), p.Str("k"), p.Str(new string('x', 17)), I64(0), I32(0), I32(0));
        var badHandle = p.Call("kv_get", I32(99), p.Str("k"));
        var emptyKey = p.Call("kv_get", Slot(h), I32(0), I32(0));
        var longKey = p.Call("kv_get", Slot(h), p.Str(new string('k', 513)));
        var list = p.Call("kv_list", Slot(h), I32(0), I32(0), I32(0), I32(0), I32(0));
        var readList = p.Capture(1000);
        var badLimit = p.Call("kv_list", Slot(h), I32(0), I32(0), I32(0), I32(0), I32(1001));
        var delete = p.Call("kv_delete", Slot(h), p.Str("k"));
        var afterDelete = p.Call("kv_get", Slot(h), p.Str("k"));
        var deleteAgain = p.Call("kv_delete", Slot(h), p.Str("k"));

        var (r, captured, response) = await RunAsync(p);
        response.Dispose();
        Assert.Equal(1, r[h]);
        Assert.Equal(0, r[put]);
        Assert.Equal(2, r[get]);
        Assert.Equal(2, r[read]);
        Assert.Equal(AbiErrors.NotFound, r[missing]);
        Assert.Equal(AbiErrors.Denied, r[unbound]);
        Assert.Equal(AbiErrors.Invalid, r[shortTtl]);
        Assert.Equal(AbiErrors.Invalid, r[badMeta]);
        Assert.Equal(0, r[withMeta]);
        Assert.Equal(4 + 2 + 7, r[getMeta]);
        Assert.Equal(13, r[readMeta]);
        Assert.Equal(2, r[small]);
        Assert.Equal(AbiErrors.Limit, r[tooBig]);
        Assert.Equal(AbiErrors.NotFound, r[badHandle]);
        Assert.Equal(AbiErrors.Invalid, r[emptyKey]);
        Assert.Equal(AbiErrors.Limit, r[longKey]);
        Assert.True(r[list] > 0);
        Assert.Equal(r[list], r[readList]);
        Assert.Equal(AbiErrors.Invalid, r[badLimit]);
        Assert.Equal(0, r[delete]);
        Assert.Equal(AbiErrors.NotFound, r[afterDelete]);
        Assert.Equal(0, r[deleteAgain]);

        Assert.Equal("v1", Encoding.UTF8.GetString(captured[..2]));
        var meta = captured[2..15];
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(meta));
        Assert.Equal("v2{\"a\":1}", Encoding.UTF8.GetString(meta[4..]));
        using var json = JsonDocument.Parse(captured.AsMemory(15));
        var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("k", key.GetProperty("name").GetString());
        Assert.Equal(1, key.GetProperty("metadata").GetProperty("a").GetInt32());
        Assert.True(key.GetProperty("expiration").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(json.RootElement.GetProperty("list_complete").GetBoolean());
    }

    [Fact]
    public async Task Request_MethodUrlHeadersBody_AreReadable_InPartialReads()
    {
        var p = new AbiProbe();
        var method = p.Call("request_method");
        var m = p.Capture(4);
        var url = p.Call("request_url");
        var u1 = p.Capture(10);
        var u2 = p.Capture(1000);
        var headers = p.Call("request_headers");
        var hb = p.Capture(2000);
        var body1 = p.Call("request_body_read", I32(30000), I32(3));
        var body2 = p.Call("request_body_read", I32(30003), I32(100));
        var body3 = p.Call("request_body_read", I32(30010), I32(100));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/probe/x?q=1") { Content = new StringContent("hello") };
        request.Headers.Add("X-Custom", "Value-1");
        var (r, captured, response) = await RunAsync(p, request: request);
        response.Dispose();
        Assert.Equal(4, r[method]);
        Assert.Equal(4, r[m]);
        Assert.Equal(10, r[u1]);
        Assert.Equal(r[url] - 10, r[u2]);
        var text = Encoding.UTF8.GetString(captured);
        Assert.StartsWith("POSThttp://127.0.0.1:", text, StringComparison.Ordinal);
        Assert.Contains("/probe/x?q=1", text, StringComparison.Ordinal);
        Assert.Contains("x-custom\0Value-1\0", text, StringComparison.Ordinal);
        Assert.Equal(r[headers], r[hb]);
        Assert.Equal([3, 2, 0], new[] { r[body1], r[body2], r[body3] });
    }

    [Fact]
    public async Task PointerChecks_OutOfBoundsRanges_AreInvalid()
    {
        var p = new AbiProbe();
        p.Call("request_url");
        var pastEnd = p.Call("result_read", I32(65530), I32(100));
        var negative = p.Call("result_read", I32(-1), I32(4));
        var hugeLen = p.Call("result_read", I32(0), I32(-1));
        var write = p.Call("response_write", I32(65000), I32(1000));
        var random = p.Call("random_fill", I32(65535), I32(2));
        var header = p.Call("response_add_header", p.Str("x-bad"), p.Str("a\nb"));
        var headerName = p.Call("response_add_header", p.Str("bad name"), p.Str("v"));
        var status = p.Call("response_set_status", I32(99));
        var digest = p.Call("crypto_digest", I32(9), I32(0), I32(0));
        var (r, _, response) = await RunAsync(p);
        response.Dispose();
        Assert.All(new[] { pastEnd, negative, hugeLen, write, random, header, headerName, status, digest }, i => Assert.Equal(AbiErrors.Invalid, r[i]));
    }

    [Fact]
    public async Task Response_StatusAndHeaders_AfterBodyAreStateErrors()
    {
        var p = new AbiProbe();
        var status = p.Call("response_set_status", I32(201));
        var header = p.Call("response_add_header", p.Str("x-one"), p.Str("1"));
        var cookie1 = p.Call("response_add_header", p.Str("set-cookie"), p.Str("a=1"));
        var cookie2 = p.Call("response_add_header", p.Str("set-cookie"), p.Str("b=2"));
        var framing = p.Call("response_add_header", p.Str("content-length"), p.Str("999"));
        var write = p.Call("response_write", p.Str("x"));
        var late = p.Call("response_set_status", I32(500));
        var lateHeader = p.Call("response_add_header", p.Str("x-two"), p.Str("2"));
        var worker = Workers.Define("probe", Tools.Wat(p.Wat()));
        await using var fx = await HostFixture.StartAsync(null, worker);
        using var response = await fx.Client.GetAsync("/");
        var (r, _) = p.Decode((await response.Content.ReadAsByteArrayAsync())[1..]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([0, 0, 0, 0, 0, 1, AbiErrors.State, AbiErrors.State], new[] { r[status], r[header], r[cookie1], r[cookie2], r[framing], r[write], r[late], r[lateHeader] });
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("x-one")));
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("set-cookie"));
        Assert.False(response.Headers.Contains("x-two"));
    }

    [Fact]
    public async Task InitPhase_RequestAndKvCalls_AreDenied()
    {
        var p = new AbiProbe();
        var fromInit = p.InitResult();
        var (r, _, response) = await RunAsync(p, "(call $request_method)");
        response.Dispose();
        Assert.Equal(AbiErrors.Denied, r[fromInit]);

        var kv = new AbiProbe();
        var kvInit = kv.InitResult();
        var (r2, _, response2) = await RunAsync(kv, "(call $kv_open (i32.const 0) (i32.const 4))");
        response2.Dispose();
        Assert.Equal(AbiErrors.Denied, r2[kvInit]);
    }

    [Fact]
    public async Task InitPhase_BindingsAndInitData_AreAvailable()
    {
        var p = new AbiProbe();
        var fromInit = p.InitResult();
        var bindings = p.Call("bindings");
        var json = p.Capture(500);
        var init = p.Call("init_data");
        var data = p.Capture(100);
        var (r, captured, response) = await RunAsync(p, "(call $init_data)", initData: "{\"main\":\"index.js\"}"u8.ToArray());
        response.Dispose();
        Assert.Equal(19, r[fromInit]);
        Assert.Equal(r[bindings], r[json]);
        Assert.Equal(19, r[init]);
        Assert.Equal(19, r[data]);
        var text = Encoding.UTF8.GetString(captured);
        Assert.Equal("{\"vars\":{\"MODE\":\"test\"},\"secrets\":{\"TOKEN\":\"s3cret\"},\"kv\":[\"HITS\",\"SMALL\"]}{\"main\":\"index.js\"}", text);
    }

    [Fact]
    public async Task InitData_Absent_IsNotFound()
    {
        var p = new AbiProbe();
        var init = p.Call("init_data");
        var (r, _, response) = await RunAsync(p);
        response.Dispose();
        Assert.Equal(AbiErrors.NotFound, r[init]);
    }

    [Fact]
    public async Task CryptoDigest_Sha256_MatchesDotNet()
    {
        var p = new AbiProbe();
        var digest = p.Call("crypto_digest", I32(2), p.Str("abc"));
        var read = p.Capture(32);
        var (r, captured, response) = await RunAsync(p);
        response.Dispose();
        Assert.Equal(32, r[digest]);
        Assert.Equal(32, r[read]);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("abc"u8), captured);
    }

    [Fact]
    public async Task Log_FloodingWorker_IsTruncatedPerRequest()
    {
        var wat = Workers.Sdk(
            "(local $i i32) (loop $l (call $log (i32.const 1) (i32.const 0) (i32.const 2)) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 5000)))) (i32.const 0)",
            "(data (i32.const 0) \"hi\")")
            .Replace("(module", "(module (import \"wharf\" \"log\" (func $log (param i32 i32 i32)))", StringComparison.Ordinal);
        await using var fx = await HostFixture.StartAsync(null, Workers.Define("noisy", Tools.Wat(wat)));
        using var response = await fx.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WharfImports.MaxLogLinesPerRequest, fx.Log.Lines.Count(l => l.Message == "hi"));
        Assert.Single(fx.Log.Lines, l => l.Message.StartsWith("log output truncated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpFetch_WithoutEgressRules_IsDenied()
    {
        var p = new AbiProbe();
        var fetch = p.Call("http_fetch", p.Str("GET"), p.Str("http://127.0.0.1:1/"), I32(0), I32(0), I32(0), I32(0));
        var (r, _, response) = await RunAsync(p);
        response.Dispose();
        Assert.Equal(AbiErrors.Denied, r[fetch]);
    }
}
